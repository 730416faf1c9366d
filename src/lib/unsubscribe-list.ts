import type { UnsubscribeListItem } from './options-messages';
import { toCsv } from './csv';

/**
 * What the options page's unsubscribe list shows and exports: filtering by a search text and a
 * state, and the export's rows. Plain functions; the words come from the caller.
 */

/** The states a user can filter by; "waiting" is the store's `pending`. */
export type StateFilter = 'all' | 'confirmed' | 'waiting' | 'failed';
export const STATE_FILTERS: readonly StateFilter[] = ['all', 'confirmed', 'waiting', 'failed'];

const STATUS_OF_FILTER: Readonly<
  Record<Exclude<StateFilter, 'all'>, UnsubscribeListItem['status']>
> = { confirmed: 'confirmed', waiting: 'pending', failed: 'failed' };

/** What the filters look at, in a stored unsubscribe and in a list item alike. */
type Searchable = Pick<UnsubscribeListItem, 'name' | 'email' | 'recordId' | 'status'>;

/** Whether an item's name, email or record Id contains the search text, ignoring case. */
export function matchesSearch(item: Searchable, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [item.name, item.email ?? '', item.recordId].some((text) =>
    text.toLowerCase().includes(needle),
  );
}

export function matchesState(item: Searchable, state: StateFilter): boolean {
  return state === 'all' || item.status === STATUS_OF_FILTER[state];
}

/** The export's words, in the user's language: column headings and each item's texts. */
export interface CsvWords {
  /** Org Id, Record Id, Object, Name, Email, State, Reason, Source, Who, When. */
  readonly header: readonly string[];
  state(item: UnsubscribeListItem): string;
  reason(item: UnsubscribeListItem): string;
  source(item: UnsubscribeListItem): string;
  object(item: UnsubscribeListItem): string;
}

/**
 * A spreadsheet runs a cell that starts with =, +, -, @ or a tab as a formula; names and
 * messages come from Salesforce, so such a cell is kept as text with a leading apostrophe.
 */
export function asSpreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The export of the items a user sees: one row each, the time in ISO 8601 (UTC). */
export function unsubscribesCsv(items: readonly UnsubscribeListItem[], words: CsvWords): string {
  return toCsv([
    words.header,
    ...items.map((item) =>
      [
        item.orgId,
        item.recordId,
        words.object(item),
        item.name,
        item.email ?? '',
        words.state(item),
        words.reason(item),
        words.source(item),
        item.createdBy,
        new Date(item.createdAt).toISOString(),
      ].map(asSpreadsheetText),
    ),
  ]);
}

/** A file name for the export: `unsubscribes-<orgId>-<yyyy-mm-dd>.csv`. */
export function csvFileName(orgId: string, now: Date): string {
  return `unsubscribes-${orgId}-${now.toISOString().slice(0, 10)}.csv`;
}
