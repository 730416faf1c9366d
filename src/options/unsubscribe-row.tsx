import type { UnsubscribeListItem } from '../lib/options-messages';
import { t } from '../ui/i18n';
import { BreakableText } from './breakable-text';
import { objectText, reasonText, sourceText, stateText, whenText } from './words';

export interface RowActions {
  readonly onRetry: (item: UnsubscribeListItem) => void;
  readonly onHistory: (item: UnsubscribeListItem) => void;
  readonly onRemove: (item: UnsubscribeListItem) => void;
}

/** One unsubscribe: who, which record, where it stands with Salesforce, and what can be done. */
export function UnsubscribeRow({
  item,
  busy,
  actions,
}: {
  item: UnsubscribeListItem;
  busy: boolean;
  actions: RowActions;
}) {
  const reason = reasonText(item);
  return (
    <tr data-record-id={item.recordId} data-status={item.status}>
      <th scope="row" class="name-cell">
        <span class="name">{item.name}</span>
        {item.email ? (
          <span class="muted email">
            <BreakableText text={item.email} />
          </span>
        ) : null}
      </th>
      <td>
        <a href={item.recordUrl} target="_blank" rel="noopener noreferrer" class="record-id">
          {item.recordId}
        </a>
      </td>
      <td>{objectText(item.object)}</td>
      <td>
        <span class={`badge status-${item.status}`}>{stateText(item.status)}</span>
        {reason ? <span class="reason">{reason}</span> : null}
      </td>
      <td>{sourceText(item.source)}</td>
      <td class="who">
        <BreakableText text={item.createdBy} />
      </td>
      <td class="nowrap">{whenText(item.createdAt)}</td>
      <td>
        <div class="actions">
          {item.status === 'failed' ? (
            <button
              type="button"
              class="brand"
              disabled={busy}
              onClick={() => actions.onRetry(item)}
            >
              {t('actionRetry')}
            </button>
          ) : null}
          <button type="button" onClick={() => actions.onHistory(item)}>
            {t('optHistory')}
          </button>
          <button type="button" disabled={busy} onClick={() => actions.onRemove(item)}>
            {t('optRemove')}
          </button>
        </div>
      </td>
    </tr>
  );
}
