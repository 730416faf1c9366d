import type { UnsubscribeListItem } from '../lib/options-messages';
import { t } from '../ui/i18n';
import { Modal } from './modal';
import { BreakableText } from './breakable-text';
import { historyDetailText, historyText, whenText } from './words';

/** R9: why this person is unsubscribed, step by step: when, who, what, and the detail. */
export function HistoryDialog({
  item,
  onClose,
}: {
  item: UnsubscribeListItem;
  onClose: () => void;
}) {
  return (
    <Modal labelledBy="history-title" onClose={onClose} testId="history-dialog">
      <h2 id="history-title">{t('optHistoryTitle', item.name)}</h2>
      {item.history.length === 0 ? (
        <p class="muted">{t('optHistoryEmpty')}</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t('optColWhen')}</th>
              <th scope="col">{t('optColWho')}</th>
              <th scope="col">{t('optColWhat')}</th>
              <th scope="col">{t('optColDetail')}</th>
            </tr>
          </thead>
          <tbody>
            {item.history.map((entry, index) => (
              <tr key={index}>
                <td class="nowrap">{whenText(entry.at)}</td>
                <td>{entry.who}</td>
                <td>{historyText(entry)}</td>
                <td class="detail">
                  <BreakableText text={historyDetailText(entry)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="dialog-buttons">
        <button type="button" class="brand" onClick={onClose} autoFocus>
          {t('optClose')}
        </button>
      </div>
    </Modal>
  );
}
