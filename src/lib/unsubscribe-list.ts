import { toCsv } from './csv';
import type { Database } from './db/open';
import type { UnsubscribeRecord } from './db/schema';
import { listUnsubscribes, type ListQuery } from './db/unsubscribes';
import type {
  PersonRecordView,
  UnsubscribeListItem,
  UnsubscribesResponse,
} from './options-messages';
import { lightningRecordUrl } from './record-url';

/**
 * What the options page's unsubscribe list shows and exports: each item, from a stored
 * unsubscribe, and the export's rows. Plain functions; the words come from the caller. Its
 * filters are in unsubscribe-filter.ts.
 */

/** What the list shows of a stored unsubscribe: what it needs, and none of its send state. */
export function listItem(record: UnsubscribeRecord): UnsubscribeListItem {
  return {
    orgId: record.orgId,
    recordId: record.recordId,
    object: record.object,
    name: record.name,
    email: record.email,
    status: record.status,
    source: record.source,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    lastError: record.lastError,
    recordUrl: lightningRecordUrl(record.instanceUrl, record.object, record.recordId),
    history: record.history,
  };
}

/**
 * The list's answer: an org's newest unsubscribes matching the query, as items, and how many the
 * org has. Read by the options page from the database itself, or by the worker for it
 * (`read-unsubscribes.ts` says when).
 */
export async function unsubscribeListPage(
  db: Database,
  orgId: string,
  query: ListQuery,
): Promise<UnsubscribesResponse> {
  const { items, total } = await listUnsubscribes(db, orgId, query);
  return { ok: true, items: items.map(listItem), total };
}

/**
 * The opt-out fields to uncheck in Salesforce to take a record back (R6): those Salesforce was
 * last seen to have set, else those the unsubscribe sets (not confirmed yet, or never read by a
 * nightly run: they may be set by the time the user looks).
 */
export function fieldsToUncheck(record: UnsubscribeRecord): readonly string[] {
  return record.syncedFields?.length ? record.syncedFields : record.fields;
}

/** What the Remove dialog shows of one of the person's records. */
export function personRecordView(record: UnsubscribeRecord): PersonRecordView {
  return {
    recordId: record.recordId,
    object: record.object,
    name: record.name,
    email: record.email,
    recordUrl: lightningRecordUrl(record.instanceUrl, record.object, record.recordId),
    status: record.status,
    fieldsToUncheck: fieldsToUncheck(record),
  };
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
  return toCsv([words.header]) + unsubscribesCsvRows(items, words);
}

/** The rows of one page of the export, without the header: the file is built page by page. */
export function unsubscribesCsvRows(
  items: readonly UnsubscribeListItem[],
  words: CsvWords,
): string {
  return toCsv(
    items.map((item) =>
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
  );
}

/** A file name for the export: `unsubscribes-<orgId>-<yyyy-mm-dd>.csv`. */
export function csvFileName(orgId: string, now: Date): string {
  return `unsubscribes-${orgId}-${now.toISOString().slice(0, 10)}.csv`;
}
