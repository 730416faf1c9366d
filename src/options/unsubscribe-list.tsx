import { useState } from 'preact/hooks';
import { labelsToUncheck } from '../lib/field-check-view';
import {
  MAX_LIST_LIMIT,
  type ObjectFieldCheck,
  type OrgView,
  type UnsubscribeListItem,
} from '../lib/options-messages';
import { STATE_FILTERS, type StateFilter } from '../lib/unsubscribe-filter';
import { csvFileName, unsubscribesCsv, type CsvWords } from '../lib/unsubscribe-list';
import { askOptions } from '../ui/ask-options';
import { t } from '../ui/i18n';
import { HistoryDialog } from './history-dialog';
import { troubleText } from './loaded';
import { RemoveDialog } from './remove-dialog';
import { UnsubscribeRow, type RowActions } from './unsubscribe-row';
import { useUnsubscribes } from './use-unsubscribes';
import { filterText, objectText, reasonText, sourceText, stateText } from './words';

const csvWords = (): CsvWords => ({
  header: [
    t('optCsvOrgId'),
    t('optColRecordId'),
    t('optColObject'),
    t('optColName'),
    t('optCsvEmail'),
    t('optColState'),
    t('optCsvReason'),
    t('optColSource'),
    t('optColWho'),
    t('optCsvWhen'),
  ],
  state: (item) => stateText(item.status),
  reason: reasonText,
  source: (item) => sourceText(item.source),
  object: (item) => objectText(item.object),
});

/** Saves text as a file through the browser's download. */
function download(text: string, fileName: string): void {
  // A byte-order mark, so spreadsheet programs read the UTF-8 names right.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

type Dialog =
  | { readonly kind: 'history'; readonly item: UnsubscribeListItem }
  | { readonly kind: 'remove'; readonly item: UnsubscribeListItem }
  | null;

/** R9, R6: every unsubscribe of the org, searchable, with Retry, History, Remove and export. */
export function UnsubscribeList({
  org,
  checks,
}: {
  org: OrgView;
  checks: readonly ObjectFieldCheck[] | null;
}) {
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<StateFilter>('all');
  const { list, reload } = useUnsubscribes(org.orgId, search, filter);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const shown = list.state === 'ok' ? list.value.items : [];
  const total = list.state === 'ok' ? list.value.total : 0;

  /** The export holds every match, not only the newest the page shows. */
  const exportCsv = async () => {
    try {
      const answer = await askOptions({
        type: 'unsubscribes',
        orgId: org.orgId,
        search,
        state: filter,
        limit: MAX_LIST_LIMIT,
      });
      if (!answer.ok) setMessage({ ok: false, text: troubleText(answer) });
      else download(unsubscribesCsv(answer.items, csvWords()), csvFileName(org.orgId, new Date()));
    } catch (trouble) {
      setMessage({ ok: false, text: troubleText(trouble) });
    }
  };

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

  const remove = async (item: UnsubscribeListItem): Promise<string | null> => {
    try {
      const answer = await askOptions({
        type: 'unsubscribe-remove',
        orgId: item.orgId,
        recordId: item.recordId,
      });
      if (!answer.ok) return troubleText(answer);
    } catch (trouble) {
      return troubleText(trouble);
    }
    setDialog(null);
    setMessage({ ok: true, text: t('optRemoved', item.name) });
    reload();
    return null;
  };

  const actions: RowActions = {
    onRetry: (item) => void retry(item),
    onHistory: (item) => setDialog({ kind: 'history', item }),
    onRemove: (item) => setDialog({ kind: 'remove', item }),
  };

  return (
    <section aria-labelledby="list-heading" class="list-section">
      <div class="heading-row">
        <h2 id="list-heading">{t('optListHeading')}</h2>
        <button type="button" onClick={reload}>
          {t('optRefresh')}
        </button>
      </div>
      <p>{t('optListIntro')}</p>
      <div class="toolbar">
        <div class="form-row">
          <label for="list-search">{t('optSearchLabel')}</label>
          <input
            id="list-search"
            type="search"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
          />
        </div>
        <div class="form-row">
          <label for="list-state">{t('optStateFilterLabel')}</label>
          <select
            id="list-state"
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value as StateFilter)}
          >
            {STATE_FILTERS.map((f) => (
              <option key={f} value={f}>
                {filterText(f)}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          class="brand"
          disabled={shown.length === 0}
          onClick={() => void exportCsv()}
        >
          {t('optExportCsv')}
        </button>
      </div>
      {message ? (
        <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
      {list.state === 'loading' ? <p class="muted">{t('optLoading')}</p> : null}
      {list.state === 'error' ? (
        <p class="error" role="alert">
          {list.text}
        </p>
      ) : null}
      {list.state === 'ok' && total === 0 ? <p class="muted">{t('optListEmpty')}</p> : null}
      {total > 0 ? (
        <>
          <p class="muted" role="status" data-testid="list-count">
            {t('optListCount', [String(shown.length), String(total)])}
          </p>
          {shown.length === 0 ? (
            <p class="muted">{t('optListNoMatch')}</p>
          ) : (
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
                  {shown.map((item) => (
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
          )}
        </>
      ) : null}
      {dialog?.kind === 'history' ? (
        <HistoryDialog item={dialog.item} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <RemoveDialog
          item={dialog.item}
          fieldLabels={labelsToUncheck(dialog.item.object, checks)}
          onConfirm={() => remove(dialog.item)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </section>
  );
}
