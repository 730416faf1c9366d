import { useState } from 'preact/hooks';
import type { PersonRecordView, UnsubscribeListItem } from '../lib/options-messages';
import { askOptions } from '../ui/ask-options';
import { t } from '../ui/i18n';
import { troubleText } from './loaded';
import type { RowActions } from './unsubscribe-row';

/** The dialog open over the list, and for whom. */
export type ListDialog =
  | { readonly kind: 'history'; readonly item: UnsubscribeListItem }
  | { readonly kind: 'remove'; readonly item: UnsubscribeListItem }
  | null;

/** What the last action on the list came to. */
export interface ListMessage {
  readonly ok: boolean;
  readonly text: string;
}

export interface UnsubscribeActions {
  readonly dialog: ListDialog;
  readonly closeDialog: () => void;
  /** The record whose retry is under way; its row's buttons wait for it. */
  readonly busy: string | null;
  readonly message: ListMessage | null;
  /** Shows why something the list asked the extension for did not succeed. */
  readonly showTrouble: (text: string) => void;
  /** The row buttons: Retry at once, History and Remove through their dialogs. */
  readonly row: RowActions;
  /**
   * Removes the unsubscribes of these records of the person whose row was chosen; resolves to an
   * error text for the dialog, or null once removed.
   */
  readonly remove: (
    item: UnsubscribeListItem,
    records: readonly PersonRecordView[],
  ) => Promise<string | null>;
}

/**
 * What the list's row buttons and dialogs do, and what they leave behind: the open dialog, the
 * row waiting for its retry, and the message above the list. `reload` asks for the list again
 * after each change, so the rows show where the record now stands.
 */
export function useUnsubscribeActions(reload: () => void): UnsubscribeActions {
  const [dialog, setDialog] = useState<ListDialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<ListMessage | null>(null);

  const retry = async (item: UnsubscribeListItem) => {
    setBusy(item.recordId);
    setMessage(null);
    try {
      const answer = await askOptions({
        type: 'unsubscribe-retry',
        orgId: item.orgId,
        recordId: item.recordId,
      });
      if (!answer.ok) setMessage({ ok: false, text: troubleText(answer) });
    } catch (trouble) {
      setMessage({ ok: false, text: troubleText(trouble) });
    } finally {
      setBusy(null);
      reload();
    }
  };

  const remove = async (
    item: UnsubscribeListItem,
    records: readonly PersonRecordView[],
  ): Promise<string | null> => {
    try {
      const answer = await askOptions({
        type: 'unsubscribe-remove',
        orgId: item.orgId,
        recordIds: records.map((r) => r.recordId),
      });
      if (!answer.ok) return troubleText(answer);
    } catch (trouble) {
      return troubleText(trouble);
    }
    setDialog(null);
    const [only] = records;
    const text =
      only && records.length === 1
        ? t('optRemoved', only.name)
        : t('optRemovedSome', String(records.length));
    setMessage({ ok: true, text });
    reload();
    return null;
  };

  return {
    dialog,
    closeDialog: () => setDialog(null),
    busy,
    message,
    showTrouble: (text) => setMessage({ ok: false, text }),
    row: {
      onRetry: (item) => void retry(item),
      onHistory: (item) => setDialog({ kind: 'history', item }),
      onRemove: (item) => setDialog({ kind: 'remove', item }),
    },
    remove,
  };
}
