import type { IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { Database } from './open';
import {
  decodeUnsubscribe,
  encodeUnsubscribe,
  statusOfRow,
  type StoredUnsubscribe,
} from './unsubscribe-codec';
import type {
  UnsubscribeCountsRecord,
  UnsubscribeRecord,
  UnsubscribeStatus,
  UnsubscribeSyncDB,
} from './schema';

/**
 * Each org's unsubscribes counted by state, so that the options page shows how many an org holds
 * without counting a million rows (`index.count` walks every key: seconds at 1M rows).
 *
 * How the counters cannot drift: every write of the `unsubscribes` store goes through
 * `countedWrites`, one transaction over the records and their counters. For each record it
 * writes it first reads the stored one (the read is issued before the write, and requests of one
 * transaction run in order, so it sees the state before this transaction), remembers the last
 * state it wrote, and before the transaction ends adds (new state − old state) to the counters.
 * Records and counters commit together or not at all: a worker killed mid-write, a failed put
 * (which aborts the transaction) or an exception in the writer (which aborts it here) leaves both
 * as they were. No caller computes a count change itself.
 *
 * Repair: the version 6 upgrade counts what earlier versions stored (`recount`), and a reader
 * that sees counters out of step — a counter below zero (something wrote past `countedWrites`,
 * such as a test seeding the store), no counters for an org that has records, or the first
 * page of an unfiltered list ending with a different number of rows than the counters hold —
 * recounts all of them in one transaction (`recountUnsubscribes`).
 */

export type StatusCounts = Readonly<Record<UnsubscribeStatus, number>>;

export const NO_COUNTS: StatusCounts = { pending: 0, confirmed: 0, failed: 0, undone: 0 };
const STATUSES = Object.keys(NO_COUNTS) as UnsubscribeStatus[];

export const COUNTED_STORES = ['unsubscribes', 'unsubscribeCounts'] as const;
type CountedStores = typeof COUNTED_STORES;
type CountedTx = IDBPTransaction<UnsubscribeSyncDB, CountedStores, 'readwrite'>;

/** How many unsubscribes the counts hold in all. */
export const totalOf = (counts: StatusCounts): number =>
  STATUSES.reduce((sum, s) => sum + counts[s], 0);

/** Counters that a write past `countedWrites` left behind. */
export const outOfStep = (counts: StatusCounts): boolean => STATUSES.some((s) => counts[s] < 0);

interface Touched {
  readonly orgId: string;
  /** The state stored before this transaction: null when there was no record. */
  readonly before: Promise<UnsubscribeStatus | null>;
  /** The state this transaction wrote last: null when it deleted the record. */
  after: UnsubscribeStatus | null;
}

/**
 * The state a read found. Its failure (the transaction aborted) is kept for `settle`, which
 * then is not reached: caught here, so an abort leaves no unhandled rejection behind.
 */
function statusOf(read: Promise<StoredUnsubscribe | undefined>): Promise<UnsubscribeStatus | null> {
  const status = read.then((r) => (r ? statusOfRow(r) : null));
  status.catch(() => undefined);
  return status;
}

const keyOf = (orgId: string, recordId: string): string => `${orgId}/${recordId}`;

/**
 * The writes of one counted transaction: `put` and `delete` of unsubscribes, and `get` and
 * `withAddress`, which read them. Records go in and come out whole (`unsubscribe-codec.ts`).
 */
export class CountedWrites {
  readonly #touched = new Map<string, Touched>();
  /** The state before this transaction of records read before it wrote them. */
  readonly #read = new Map<string, Promise<UnsubscribeStatus | null>>();

  constructor(readonly tx: CountedTx) {}

  /**
   * A record as stored now. A read of a record this transaction has not written yet shows the
   * state before it, so a later write of that record takes its old state from this read.
   */
  async get(orgId: string, recordId: string): Promise<UnsubscribeRecord | undefined> {
    const read = this.tx.objectStore('unsubscribes').get([orgId, recordId]);
    const key = keyOf(orgId, recordId);
    if (!this.#touched.has(key) && !this.#read.has(key)) {
      this.#read.set(key, statusOf(read));
    }
    const row = await read;
    return row && decodeUnsubscribe(row);
  }

  /** An org's unsubscribes of one address key, through the `orgEmail` index. */
  async withAddress(orgId: string, emailKey: string): Promise<UnsubscribeRecord[]> {
    const rows = await this.tx
      .objectStore('unsubscribes')
      .index('orgEmail')
      .getAll([orgId, emailKey]);
    return rows.map(decodeUnsubscribe);
  }

  /**
   * The stored records among these Ids of one org, by Id, in one request for the keys between the
   * lowest Id and the highest and one read per record found: a page of rows read in Id order
   * costs a request or two, not one per row (in Chromium each request is a round trip to the
   * browser's IndexedDB backend). Like `get`, it shows the state before this transaction, and a
   * record it found absent is then written as a new one without another read.
   */
  async getMany(
    orgId: string,
    recordIds: readonly string[],
  ): Promise<Map<string, UnsubscribeRecord>> {
    const found = new Map<string, UnsubscribeRecord>();
    const [first] = recordIds;
    if (first === undefined) return found;
    let low = first;
    let high = first;
    // IndexedDB orders strings by code unit, as `<` does.
    for (const id of recordIds) {
      if (id < low) low = id;
      if (id > high) high = id;
    }
    const keys = await this.tx
      .objectStore('unsubscribes')
      .getAllKeys(IDBKeyRange.bound([orgId, low], [orgId, high]));
    const wanted = new Set(recordIds);
    const stored = new Set(keys.map(([, id]) => id).filter((id) => wanted.has(id)));
    const records = await Promise.all([...stored].map((id) => this.get(orgId, id)));
    for (const record of records) if (record) found.set(record.recordId, record);
    for (const id of wanted) {
      const key = keyOf(orgId, id);
      if (!stored.has(id) && !this.#touched.has(key) && !this.#read.has(key))
        this.#read.set(key, Promise.resolve(null));
    }
    return found;
  }

  async put(record: UnsubscribeRecord): Promise<void> {
    this.#touch(record.orgId, record.recordId, record.status);
    await this.tx.objectStore('unsubscribes').put(encodeUnsubscribe(record));
  }

  async delete(orgId: string, recordId: string): Promise<void> {
    this.#touch(orgId, recordId, null);
    await this.tx.objectStore('unsubscribes').delete([orgId, recordId]);
  }

  /** Synchronous, so that the read of the state before is issued ahead of this write. */
  #touch(orgId: string, recordId: string, after: UnsubscribeStatus | null): void {
    const key = keyOf(orgId, recordId);
    const seen = this.#touched.get(key);
    if (seen) {
      seen.after = after;
      return;
    }
    const before =
      this.#read.get(key) ?? statusOf(this.tx.objectStore('unsubscribes').get([orgId, recordId]));
    this.#touched.set(key, { orgId, before, after });
  }

  /** Adds what this transaction changed to the counters, in the same transaction. */
  async settle(): Promise<void> {
    const change = new Map<string, Record<UnsubscribeStatus, number>>();
    for (const { orgId, before, after } of this.#touched.values()) {
      const old = await before;
      if (old === after) continue;
      const delta = change.get(orgId) ?? { ...NO_COUNTS };
      if (old !== null) delta[old] -= 1;
      if (after !== null) delta[after] += 1;
      change.set(orgId, delta);
    }
    const store = this.tx.objectStore('unsubscribeCounts');
    await Promise.all(
      [...change].map(async ([orgId, delta]) => {
        const counts = (await store.get(orgId))?.counts ?? NO_COUNTS;
        const next = Object.fromEntries(STATUSES.map((s) => [s, counts[s] + delta[s]]));
        await store.put({ orgId, counts: next as StatusCounts });
      }),
    );
  }
}

const INACTIVE = ['TransactionInactiveError', 'InvalidStateError'];

/**
 * Runs `write` in one transaction over the unsubscribes and their counters, which change with
 * them: the one way to write the `unsubscribes` store. `write` must not wait for anything but
 * this transaction's requests (IndexedDB commits a transaction once nothing is pending). When it
 * throws, the transaction is aborted: nothing it wrote is kept.
 */
export async function countedWrites<T>(
  db: Database,
  write: (writes: CountedWrites) => Promise<T>,
  options: { readonly durability?: IDBTransactionDurability } = {},
): Promise<T> {
  const tx = db.transaction(COUNTED_STORES, 'readwrite', options);
  const writes = new CountedWrites(tx);
  try {
    const result = await write(writes);
    await writes.settle();
    await tx.done;
    return result;
  } catch (error) {
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
    // The writer waited for something else and IndexedDB committed what it had written before
    // the counters: a mistake in the writer, repaired at once. (Chromium names it
    // TransactionInactiveError; fake-indexeddb, InvalidStateError.)
    if (error instanceof DOMException && INACTIVE.includes(error.name)) {
      await recountUnsubscribes(db);
    }
    throw error;
  }
}

/** An org's counters as stored; none when no counted write has touched the org yet. */
export async function storedCounts(db: Database, orgId: string): Promise<StatusCounts | null> {
  return (await db.get('unsubscribeCounts', orgId))?.counts ?? null;
}

type AnyStores = ArrayLike<StoreNames<UnsubscribeSyncDB>>;
type Stores<Mode extends IDBTransactionMode> = {
  unsubscribes: IDBPObjectStore<UnsubscribeSyncDB, AnyStores, 'unsubscribes', Mode>;
  unsubscribeCounts: IDBPObjectStore<UnsubscribeSyncDB, AnyStores, 'unsubscribeCounts', Mode>;
};

/** The orgs the store holds unsubscribes of, one step per org through the org-and-time index. */
async function storedOrgs(stores: Stores<'readwrite' | 'versionchange'>): Promise<string[]> {
  const orgs: string[] = [];
  const index = stores.unsubscribes.index('orgCreated');
  let cursor = await index.openKeyCursor();
  while (cursor) {
    const orgId = cursor.key[0];
    orgs.push(orgId);
    cursor = await cursor.continue([orgId, Infinity]);
  }
  return orgs;
}

/** The states the `status` index is asked about: the confirmed are counted as the rest. */
const UNCONFIRMED = STATUSES.filter((s) => s !== 'confirmed');

/**
 * Counts every org's unsubscribes by state and stores the counters, replacing what they held.
 * The `status` index holds whole rows only (since v7 an untouched import, confirmed, is stored
 * without one: `unsubscribe-codec.ts`), so an org's confirmed are its rows, counted through the
 * org-and-time index, less its others. With one org (the usual case) counts of the state index
 * give the others; with more, one walk of that index's keys (their primary keys name the org),
 * never reading a record. Also counts a store as versions before 7 kept it (every row indexed).
 */
export async function recount(stores: Stores<'readwrite' | 'versionchange'>): Promise<void> {
  const orgs = await storedOrgs(stores);
  const status = stores.unsubscribes.index('status');
  const counted = new Map<string, Record<UnsubscribeStatus, number>>(
    orgs.map((orgId) => [orgId, { ...NO_COUNTS }]),
  );
  const only = orgs.length === 1 ? counted.get(orgs[0] ?? '') : undefined;
  if (only) {
    for (const s of UNCONFIRMED) only[s] = await status.count(s);
  } else if (orgs.length > 1) {
    for (let cursor = await status.openKeyCursor(); cursor; cursor = await cursor.continue()) {
      const counts = counted.get(cursor.primaryKey[0]);
      if (counts && cursor.key !== 'confirmed') counts[cursor.key] += 1;
    }
  }
  const created = stores.unsubscribes.index('orgCreated');
  for (const [orgId, counts] of counted) {
    const rows = await created.count(IDBKeyRange.bound([orgId, -Infinity], [orgId, Infinity]));
    counts.confirmed = rows - UNCONFIRMED.reduce((sum, s) => sum + counts[s], 0);
  }
  await stores.unsubscribeCounts.clear();
  for (const [orgId, counts] of counted) {
    const record: UnsubscribeCountsRecord = { orgId, counts };
    await stores.unsubscribeCounts.put(record);
  }
}

/** The repair: every org's counters recounted in one transaction, writes held off meanwhile. */
export async function recountUnsubscribes(db: Database): Promise<void> {
  const tx = db.transaction(COUNTED_STORES, 'readwrite');
  await Promise.all([
    recount({
      unsubscribes: tx.objectStore('unsubscribes'),
      unsubscribeCounts: tx.objectStore('unsubscribeCounts'),
    }),
    tx.done,
  ]);
}
