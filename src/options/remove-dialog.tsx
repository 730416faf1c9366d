import { useState } from 'preact/hooks';
import type { UnsubscribeListItem } from '../lib/options-messages';
import { t } from '../ui/i18n';
import { Modal } from './modal';
import { listText } from './words';

/**
 * R6: removing an unsubscribe from the extension does not resubscribe the person in Salesforce;
 * the next nightly run brings it back unless the opt-out fields are unchecked there too.
 */
export function RemoveDialog({
  item,
  fieldLabels,
  onConfirm,
  onClose,
}: {
  item: UnsubscribeListItem;
  /** The opt-out fields the nightly run reads for this object; empty when not known. */
  fieldLabels: readonly string[];
  /** Removes it; resolves to an error text, or null once removed. */
  onConfirm: () => Promise<string | null>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = fieldLabels.length > 0 ? listText(fieldLabels) : t('optTheOptOutFields');

  const confirm = async () => {
    setBusy(true);
    const trouble = await onConfirm();
    setBusy(false);
    if (trouble) setError(trouble);
  };

  return (
    <Modal labelledBy="remove-title" onClose={onClose} testId="remove-dialog">
      <h2 id="remove-title">{t('optRemoveTitle', item.name)}</h2>
      <p class="warning" id="remove-warning">
        {t('optRemoveWarning', fields)}
      </p>
      <p>
        <a href={item.recordUrl} target="_blank" rel="noopener noreferrer">
          {t('optOpenRecord')}
        </a>
      </p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="dialog-buttons">
        <button type="button" onClick={onClose} autoFocus>
          {t('optCancel')}
        </button>
        <button
          type="button"
          class="destructive"
          disabled={busy}
          aria-describedby="remove-warning"
          onClick={() => void confirm()}
        >
          {t('optRemoveConfirm')}
        </button>
      </div>
    </Modal>
  );
}
