import { MAX_LIST_LIMIT } from '../lib/options-messages';
import { STATE_FILTERS, type StateFilter } from '../lib/unsubscribe-filter';
import { csvFileName, unsubscribesCsv, type CsvWords } from '../lib/unsubscribe-list';
import { askOptions } from '../ui/ask-options';
import { t } from '../ui/i18n';
import { troubleText } from './loaded';
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

/**
 * The export holds every match, not only the newest the page shows. Resolves to an error text,
 * or null once the file is handed to the browser.
 */
async function exportCsv(
  orgId: string,
  search: string,
  filter: StateFilter,
): Promise<string | null> {
  try {
    const answer = await askOptions({
      type: 'unsubscribes',
      orgId,
      search,
      state: filter,
      limit: MAX_LIST_LIMIT,
    });
    if (!answer.ok) return troubleText(answer);
    download(unsubscribesCsv(answer.items, csvWords()), csvFileName(orgId, new Date()));
    return null;
  } catch (trouble) {
    return troubleText(trouble);
  }
}

/** Above the list: search, the state filter, and Export CSV of whatever both match. */
export function UnsubscribeToolbar({
  orgId,
  search,
  filter,
  canExport,
  onSearch,
  onFilter,
  onTrouble,
}: {
  orgId: string;
  search: string;
  filter: StateFilter;
  /** False while the list shows nothing to export. */
  canExport: boolean;
  onSearch: (search: string) => void;
  onFilter: (filter: StateFilter) => void;
  /** Why the export did not succeed. */
  onTrouble: (text: string) => void;
}) {
  const exportMatches = async () => {
    const trouble = await exportCsv(orgId, search, filter);
    if (trouble !== null) onTrouble(trouble);
  };

  return (
    <div class="toolbar">
      <div class="form-row">
        <label for="list-search">{t('optSearchLabel')}</label>
        <input
          id="list-search"
          type="search"
          value={search}
          onInput={(e) => onSearch(e.currentTarget.value)}
        />
      </div>
      <div class="form-row">
        <label for="list-state">{t('optStateFilterLabel')}</label>
        <select
          id="list-state"
          value={filter}
          onChange={(e) => onFilter(e.currentTarget.value as StateFilter)}
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
        disabled={!canExport}
        onClick={() => void exportMatches()}
      >
        {t('optExportCsv')}
      </button>
    </div>
  );
}
