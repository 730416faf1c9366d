import { isQueued } from '../unsubscribe-record';
import { matchesSearch, matchesState, type StateFilter } from '../unsubscribe-filter';
import type { ExportCursor } from '../options-messages';
import type { Database } from './open';
import type { IDBPIndex } from 'idb';
import type { UnsubscribeRecord, UnsubscribeSyncDB } from './schema';
import { decodeUnsubscribe } from './unsubscribe-codec';
import {
  countedWrites,
  NO_COUNTS,
  outOfStep,
  recountUnsubscribes,
  storedCounts,
  totalOf,
  type StatusCounts,
} from './unsubscribe-counts';

export async function getUnsubscribe(
  db: Database,
  orgId: string,
  recordId: string,
): Promise<UnsubscribeRecord | undefined> {
  const row = await db.get('unsubscribes', [orgId, recordId]);
  return row && decodeUnsubscribe(row);
}

/** Several unsubscribes of one org by record Id, in one transaction; undefined where none. */
export async function getUnsubscribes(
  db: Database,
  orgId: string,
  recordIds: readonly string[],
): Promise<(UnsubscribeRecord | undefined)[]> {
  const store = db.transaction('unsubscribes').store;
  const rows = await Promise.all(recordIds.map((id) => store.get([orgId, id])));
  return rows.map((row) => row && decodeUnsubscribe(row));
}

export interface PutOptions {
  /**
   * Wait until the data is on the disk, not only in the browser's memory. Chromium commits
   * IndexedDB with relaxed durability by default since version 121, so without this an OS crash
   * or a power cut right after `complete` can lose the write. Asked for where that loss would
   * lose an opt-out (a rep's click); outcomes and imports can be redone from Salesforce.
   */
  readonly durable?: boolean;
}

export async function putUnsubscribes(
  db: Database,
  records: readonly UnsubscribeRecord[],
  { durable = false }: PutOptions = {},
): Promise<void> {
  if (records.length === 0) return;
  await countedWrites(
    db,
    async (writes) => {
      await Promise.all(records.map((r) => writes.put(r)));
    },
    { durability: durable ? 'strict' : 'default' },
  );
}

/** Waiting unsubscribes, oldest first: the outbox's queue. */
export async function pendingUnsubscribes(db: Database): Promise<UnsubscribeRecord[]> {
  const pending = await db.getAllFromIndex('unsubscribes', 'status', 'pending');
  return pending.map(decodeUnsubscribe).sort((a, b) => a.createdAt - b.createdAt);
}

/** The outbox's queue: the waiting unsubscribes it sends (`isQueued`). */
export async function queuedUnsubscribes(db: Database): Promise<UnsubscribeRecord[]> {
  return (await pendingUnsubscribes(db)).filter(isQueued);
}

/** What the extension icon's badge counts: unsubscribes waiting for or refused by Salesforce. */
export async function openCount(db: Database): Promise<number> {
  const [pending, failed] = await Promise.all([
    db.countFromIndex('unsubscribes', 'status', 'pending'),
    db.countFromIndex('unsubscribes', 'status', 'failed'),
  ]);
  return pending + failed;
}

export interface ListQuery {
  readonly search: string;
  readonly state: StateFilter;
  /** At most this many, newest first. */
  readonly limit: number;
}

export interface ListPage {
  readonly items: UnsubscribeRecord[];
  /** How many the org has in all, from its counters: no row is counted. */
  readonly total: number;
}

/** How many of an org's unsubscribes a state filter can match, by the counters. */
function matchable(counts: StatusCounts, state: StateFilter): number {
  switch (state) {
    case 'all':
      return totalOf(counts);
    case 'waiting':
      return counts.pending;
    default:
      return counts[state];
  }
}

/**
 * Whether a list read to its end (`complete`: every match is in `items`) agrees with the
 * counters: all of an unfiltered org's rows, counted by state, or a state's number of matches.
 */
function agrees(
  counts: StatusCounts,
  query: ListQuery,
  items: readonly UnsubscribeRecord[],
  complete: boolean,
): boolean {
  if (!complete) return true;
  if (query.state !== 'all') return items.length === matchable(counts, query.state);
  const seen: Record<string, number> = { ...NO_COUNTS };
  for (const item of items) seen[item.status] = (seen[item.status] ?? 0) + 1;
  return Object.entries(counts).every(([status, n]) => seen[status] === n);
}

type CreatedIndex = IDBPIndex<
  UnsubscribeSyncDB,
  ('unsubscribes' | 'unsubscribeCounts')[],
  'unsubscribes',
  'orgCreated'
>;

/** Newest first; rows of one time by descending record Id, as a 'prev' cursor gives them. */
const newestFirst = (a: UnsubscribeRecord, b: UnsubscribeRecord): number =>
  b.createdAt - a.createdAt || (a.recordId < b.recordId ? 1 : a.recordId > b.recordId ? -1 : 0);

/**
 * An org's newest `limit` rows in a few requests, not one per row (a cursor's step is a round
 * trip: 200 of them took ~220 ms in Chromium): one key-cursor jump (`advance`) finds the time of
 * the limit-th newest row, one `getAll` reads every newer row, and one more the rest from the
 * rows of that time (many rows share one when a nightly page imported them). `complete` when
 * the org has no more rows than these.
 */
async function newestRows(
  index: CreatedIndex,
  orgId: string,
  limit: number,
): Promise<{ items: UnsubscribeRecord[]; complete: boolean }> {
  const range = IDBKeyRange.bound([orgId, -Infinity], [orgId, Infinity]);
  let cursor = await index.openKeyCursor(range, 'prev');
  if (cursor && limit > 1) cursor = await cursor.advance(limit - 1);
  if (!cursor) {
    return {
      items: (await index.getAll(range)).map(decodeUnsubscribe).sort(newestFirst),
      complete: true,
    };
  }
  const at = cursor.key[1];
  const newer = await index.getAll(IDBKeyRange.bound([orgId, at], [orgId, Infinity], true));
  // Rows of one time come in no promised order: the lowest record Ids of it, in one request.
  const tied = await index.getAll(IDBKeyRange.only([orgId, at]), limit - newer.length);
  const items = [...newer, ...tied].map(decodeUnsubscribe).sort(newestFirst);
  return { items, complete: false };
}

/**
 * An org's unsubscribes that match a search and a state, newest first, at most `limit` of them,
 * and how many the org has in all: read through the org-and-time index, so the newest are found
 * without reading an org of a million imported records, and counted by the org's counters, so
 * nothing is counted. The walk stops once the counters say every match of the state is found
 * (a filter on a rare state does not read the rest of the org). Checks the counters where that
 * costs nothing (below zero, missing while rows exist, a list read to its end that found
 * other numbers) and recounts when they are out of step.
 */
export async function listUnsubscribes(
  db: Database,
  orgId: string,
  query: ListQuery,
): Promise<ListPage> {
  const range = IDBKeyRange.bound([orgId, -Infinity], [orgId, Infinity]);
  const tx = db.transaction(['unsubscribes', 'unsubscribeCounts']);
  const stored = (await tx.objectStore('unsubscribeCounts').get(orgId))?.counts ?? null;
  const counts = stored ?? NO_COUNTS;
  const index = tx.objectStore('unsubscribes').index('orgCreated');
  const items: UnsubscribeRecord[] = [];
  const searching = query.search.trim() !== '';
  const trusted = stored !== null && !outOfStep(stored);
  // A state filter stops once it has every match the counters know of; the unfiltered list
  // reads to its limit, which lets a small org's list check the counters' total.
  const reachable = trusted && query.state !== 'all' ? matchable(counts, query.state) : Infinity;
  let rows = 0;
  let complete: boolean;
  if (query.state === 'all' && !searching) {
    const newest = await newestRows(index, orgId, query.limit);
    items.push(...newest.items);
    rows = newest.items.length;
    complete = newest.complete;
  } else {
    let cursor = await index.openCursor(range, 'prev');
    while (cursor && items.length < query.limit && items.length < reachable) {
      rows += 1;
      const record = decodeUnsubscribe(cursor.value);
      if (matchesState(record, query.state) && matchesSearch(record, query.search)) {
        items.push(record);
      }
      cursor = await cursor.continue();
    }
    complete = cursor === null && !searching;
  }
  const sound = stored === null ? rows === 0 : trusted && agrees(stored, query, items, complete);
  if (sound) return { items, total: totalOf(counts) };
  await recountUnsubscribes(db);
  const repaired = (await storedCounts(db, orgId)) ?? NO_COUNTS;
  return { items, total: totalOf(repaired) };
}

export interface ExportQuery {
  readonly search: string;
  readonly state: StateFilter;
  /** Null for the first page. */
  readonly after: ExportCursor | null;
  /** Rows read per page (all of them looked at; the matches returned). */
  readonly rows: number;
}

/**
 * The next `count` unsubscribes of an org in record Id order, after `afterId` (from the first
 * when null), in ONE request (`getAll` with a count): how the nightly run and the CSV export walk
 * a whole org chunk by chunk, holding no transaction across a network request.
 */
export async function unsubscribesAfter(
  db: Database,
  orgId: string,
  afterId: string | null,
  count: number,
): Promise<UnsubscribeRecord[]> {
  const range = IDBKeyRange.bound([orgId, afterId ?? ''], [orgId, '\uffff'], afterId !== null);
  return (await db.getAll('unsubscribes', range, count)).map(decodeUnsubscribe);
}

/**
 * One page of the CSV export: the matches among the next `rows` rows of the org after `after`
 * in record Id order, read in ONE request (`getAll` with a count: a cursor costs a round trip
 * per row, seconds per 5,000 rows in Chromium), and where the next page starts (null after the
 * last). A page of rare matches may hold few or none and still name a next page.
 */
export async function exportPage(
  db: Database,
  orgId: string,
  query: ExportQuery,
): Promise<{ items: UnsubscribeRecord[]; next: ExportCursor | null }> {
  const rows = await unsubscribesAfter(db, orgId, query.after?.afterId ?? null, query.rows);
  const items = rows.filter((r) => matchesState(r, query.state) && matchesSearch(r, query.search));
  const last = rows.at(-1);
  return { items, next: rows.length === query.rows && last ? { afterId: last.recordId } : null };
}

/**
 * The unsubscribes of the person a stored one belongs to (the same-email rule): that one first,
 * then every other live one (not undone) of the org with the same address key, read through the
 * org-and-address index so a large org is not scanned. Only that one for a blank address; none
 * when it is not stored.
 */
export async function personUnsubscribes(
  db: Database,
  orgId: string,
  recordId: string,
): Promise<UnsubscribeRecord[]> {
  const tx = db.transaction('unsubscribes');
  const row = await tx.store.get([orgId, recordId]);
  if (!row) return [];
  const record = decodeUnsubscribe(row);
  if (record.emailKey === undefined) return [record];
  const same = await tx.store.index('orgEmail').getAll([orgId, record.emailKey]);
  const others = same
    .map(decodeUnsubscribe)
    .filter((o) => o.recordId !== recordId && o.status !== 'undone');
  return [record, ...others];
}

/**
 * R6: removes an unsubscribe from the extension only. Unless the field is unchecked in Salesforce
 * too, the next nightly run brings it back, so that run reads the record again whatever its
 * SystemModstamp.
 */
export async function removeUnsubscribe(
  db: Database,
  orgId: string,
  recordId: string,
): Promise<void> {
  await countedWrites(db, (writes) => writes.delete(orgId, recordId));
  const state = await db.get('syncState', orgId);
  if (state) await db.put('syncState', { ...state, recheckIds: [...state.recheckIds, recordId] });
}
