import type { UnsubscribeListItem } from '../lib/options-messages';
import { t } from '../ui/i18n';
import { UnsubscribeRow, type RowActions } from './unsubscribe-row';

/** The unsubscribes the list shows, one row each, with the column headings. */
export function UnsubscribeTable({
  items,
  busy,
  actions,
}: {
  items: readonly UnsubscribeListItem[];
  /** The record whose retry is under way, if any. */
  busy: string | null;
  actions: RowActions;
}) {
  return (
    <div class="table-wrap">
      <table class="data" data-testid="unsubscribes">
        <thead>
          <tr>
            <th scope="col">{t('optColName')}</th>
            <th scope="col">{t('optColRecordId')}</th>
            <th scope="col">{t('optColObject')}</th>
            <th scope="col">{t('optColState')}</th>
            <th scope="col">{t('optColSource')}</th>
            <th scope="col">{t('optColWho')}</th>
            <th scope="col">{t('optColWhen')}</th>
            <th scope="col">{t('optColActions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <UnsubscribeRow
              key={item.recordId}
              item={item}
              busy={busy === item.recordId}
              actions={actions}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
