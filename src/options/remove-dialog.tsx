import { useState } from 'preact/hooks';
import { fieldLabels } from '../lib/field-check-view';
import type {
  ObjectFieldCheck,
  PersonRecordView,
  UnsubscribeListItem,
} from '../lib/options-messages';
import { t } from '../ui/i18n';
import { Modal } from './modal';
import { RemoveRecords } from './remove-records';
import { usePersonRecords } from './use-person-records';
import { listText } from './words';

/**
 * R6: removing an unsubscribe from the extension does not resubscribe the person in Salesforce
 * (the extension never unchecks a field there); the next nightly run brings it back unless the
 * fields are unchecked in Salesforce too. An unsubscribe belongs to the person (`sameEmail`), so
 * the dialog lists every record of the person's address, all chosen at first: removing only some
 * is allowed, and the dialog says the nightly run brings those back while any record of that
 * address is still opted out.
 */
export function RemoveDialog({
  item,
  checks,
  onConfirm,
  onClose,
}: {
  item: UnsubscribeListItem;
  /** The org's field check, for the fields' labels; null while not known. */
  checks: readonly ObjectFieldCheck[] | null;
  /** Removes these; resolves to an error text, or null once removed. */
  onConfirm: (records: readonly PersonRecordView[]) => Promise<string | null>;
  onClose: () => void;
}) {
  const person = usePersonRecords(item);
  // The records left out, not those chosen: every record is chosen until the user says otherwise.
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const records = person.state === 'ok' ? person.value : [];
  const chosen = records.filter((r) => !kept.has(r.recordId));
  const several = records.length > 1;

  const toggle = (recordId: string) => {
    const next = new Set(kept);
    if (!next.delete(recordId)) next.add(recordId);
    setKept(next);
  };
  const confirm = async () => {
    setBusy(true);
    const trouble = await onConfirm(chosen);
    setBusy(false);
    if (trouble) setError(trouble);
  };

  const list = (
    <RemoveRecords
      records={records}
      checks={checks}
      selected={several ? new Set(chosen.map((r) => r.recordId)) : null}
      onToggle={toggle}
    />
  );
  return (
    <Modal labelledBy="remove-title" onClose={onClose} testId="remove-dialog">
      <h2 id="remove-title">{t('optRemoveTitle', item.name)}</h2>
      {person.state === 'loading' ? <p class="muted">{t('optLoading')}</p> : null}
      {person.state === 'error' ? (
        <p class="error" role="alert">
          {person.text}
        </p>
      ) : null}
      {person.state === 'ok' && records.length === 0 ? (
        <p class="muted">{t('optRemoveGone')}</p>
      ) : null}
      <RemoveWarning records={records} keptCount={records.length - chosen.length} checks={checks} />
      {several ? (
        <fieldset class="remove-person">
          <legend>{t('optRemoveRecords')}</legend>
          {list}
        </fieldset>
      ) : (
        list
      )}
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
          disabled={busy || chosen.length === 0}
          aria-describedby={several ? 'remove-warning remove-person-warning' : 'remove-warning'}
          onClick={() => void confirm()}
        >
          {t('optRemoveConfirm')}
        </button>
      </div>
    </Modal>
  );
}

/**
 * What R6 asks of the user: one record names its fields; several say each record's fields must
 * be unchecked, and that the removed ones come back while any record of the address stays
 * opted out, here (some kept) or in Salesforce.
 */
function RemoveWarning({
  records,
  keptCount,
  checks,
}: {
  records: readonly PersonRecordView[];
  keptCount: number;
  checks: readonly ObjectFieldCheck[] | null;
}) {
  const [only] = records;
  if (!only) return null;
  if (records.length === 1) {
    const fields = listText(fieldLabels(only.object, only.fieldsToUncheck, checks));
    return (
      <p class="warning" id="remove-warning">
        {t('optRemoveWarningOne', fields)}
      </p>
    );
  }
  return (
    <>
      <p class="warning" id="remove-warning">
        {t('optRemoveWarningPerson')}
      </p>
      <p class="warning" id="remove-person-warning" aria-live="polite">
        {keptCount > 0
          ? t('optRemoveSomeKept', [String(keptCount), String(records.length)])
          : t('optRemoveAllPerson')}
      </p>
    </>
  );
}
