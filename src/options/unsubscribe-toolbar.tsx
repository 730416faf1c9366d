import { useState } from 'preact/hooks';
import { toCsv } from '../lib/csv';
import { STATE_FILTERS, type StateFilter } from '../lib/unsubscribe-filter';
import { csvFileName, unsubscribesCsvRows, type CsvWords } from '../lib/unsubscribe-list';
import type { ExportCursor, ExportPageResponse } from '../lib/options-messages';
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

/** Saves a file through the browser's download. */
function download(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The export holds every match, not only the newest the page shows, in record Id order. It asks
 * the extension page by page (5,000 rows read a message, each page after the last's record Id: a
 * cursor that a write in between cannot shift), turns each
 * page into CSV text at once and keeps it as a Blob part, so neither a message nor one string
 * holds a million rows; the file is the Blob of the parts, handed to the browser's download
 * (a Blob rather than the File System Access API: it needs no prompt and works the same in
 * every Chromium). `onProgress` is told the rows written so far. Resolves to an error text, or
 * null once the file is handed to the browser.
 */
async function exportCsv(
  orgId: string,
  search: string,
  filter: StateFilter,
  onProgress: (rows: number) => void,
): Promise<string | null> {
  try {
    const words = csvWords();
    // A byte-order mark, so spreadsheet programs read the UTF-8 names right.
    const parts: BlobPart[] = ['\uFEFF', toCsv([words.header])];
    let rows = 0;
    let after: ExportCursor | null = null;
    do {
      const page: ExportPageResponse = await askOptions({
        type: 'unsubscribes-export',
        orgId,
        search,
        state: filter,
        after,
      });
      if (!page.ok) return troubleText(page);
      if (page.items.length > 0) parts.push(new Blob([unsubscribesCsvRows(page.items, words)]));
      rows += page.items.length;
      onProgress(rows);
      after = page.next;
    } while (after !== null);
    download(new Blob(parts, { type: 'text/csv;charset=utf-8' }), csvFileName(orgId, new Date()));
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
  // Rows written so far while an export runs; null when none runs.
  const [exporting, setExporting] = useState<number | null>(null);
  const exportMatches = async () => {
    setExporting(0);
    try {
      const trouble = await exportCsv(orgId, search, filter, setExporting);
      if (trouble !== null) onTrouble(trouble);
    } finally {
      setExporting(null);
    }
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
        disabled={!canExport || exporting !== null}
        onClick={() => void exportMatches()}
      >
        {t('optExportCsv')}
      </button>
      {exporting !== null ? (
        <span class="muted" role="status" data-testid="export-progress">
          {t('optExporting', [exporting.toLocaleString()])}
        </span>
      ) : null}
    </div>
  );
}
