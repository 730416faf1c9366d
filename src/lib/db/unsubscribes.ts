import { waitsForCure } from '../salesforce/failure';
import { matchesSearch, matchesState, type StateFilter } from '../unsubscribe-filter';
import type { Database } from './open';
import type { UnsubscribeRecord } from './schema';

export function getUnsubscribe(
  db: Database,
  orgId: string,
  recordId: string,
): Promise<UnsubscribeRecord | undefined> {
  return db.get('unsubscribes', [orgId, recordId]);
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
  const tx = db.transaction('unsubscribes', 'readwrite', {
    durability: durable ? 'strict' : 'default',
  });
  await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
}

/** Waiting unsubscribes, oldest first: the outbox's queue. */
export async function pendingUnsubscribes(db: Database): Promise<UnsubscribeRecord[]> {
  const pending = await db.getAllFromIndex('unsubscribes', 'status', 'pending');
  return pending.sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * The outbox's queue: the waiting unsubscribes it sends. A pending one without a retry time was
 * made by the nightly run (same email address), which writes it itself: the outbox leaves it to
 * that run. One whose send the API refused waits without a retry time too, for a cure (a new
 * session, Connect): the outbox keeps it.
 */
export async function queuedUnsubscribes(db: Database): Promise<UnsubscribeRecord[]> {
  return (await pendingUnsubscribes(db)).filter(
    (r) => r.nextAttemptAt !== null || waitsForCure(r.lastError?.code),
  );
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

/**
 * An org's unsubscribes that match a search and a state, newest first, at most `limit` of them,
 * and how many the org has in all: read through the org-and-time index, so the newest are found
 * without reading an org of a million imported records.
 */
export async function listUnsubscribes(
  db: Database,
  orgId: string,
  query: ListQuery,
): Promise<{ items: UnsubscribeRecord[]; total: number }> {
  const range = IDBKeyRange.bound([orgId, -Infinity], [orgId, Infinity]);
  const tx = db.transaction('unsubscribes');
  const index = tx.store.index('orgCreated');
  const total = await index.count(range);
  const items: UnsubscribeRecord[] = [];
  let cursor = await index.openCursor(range, 'prev');
  while (cursor && items.length < query.limit) {
    if (matchesState(cursor.value, query.state) && matchesSearch(cursor.value, query.search)) {
      items.push(cursor.value);
    }
    cursor = await cursor.continue();
  }
  return { items, total };
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
  const record = await tx.store.get([orgId, recordId]);
  if (!record) return [];
  if (record.emailKey === undefined) return [record];
  const same = await tx.store.index('orgEmail').getAll([orgId, record.emailKey]);
  const others = same.filter((o) => o.recordId !== recordId && o.status !== 'undone');
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
  await db.delete('unsubscribes', [orgId, recordId]);
  const state = await db.get('syncState', orgId);
  if (state) await db.put('syncState', { ...state, recheckIds: [...state.recheckIds, recordId] });
}
