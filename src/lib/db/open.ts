import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPObjectStore,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import { emailKey } from '../same-email';
import { recount } from './unsubscribe-counts';
import { encodeUnsubscribe } from './unsubscribe-codec';
import { DB_NAME, DB_VERSION, type UnsubscribeRecord, type UnsubscribeSyncDB } from './schema';

export type Database = IDBPDatabase<UnsubscribeSyncDB>;

/**
 * Each schema version's changes, applied in order from the version a database was found at, so
 * a database written by any earlier version opens with everything it held. Steps only ever add:
 * a released step is never edited.
 */
type UpgradeTransaction = IDBPTransaction<
  UnsubscribeSyncDB,
  StoreNames<UnsubscribeSyncDB>[],
  'versionchange'
>;

/**
 * The `unsubscribes` store as versions 1 to 6 kept it: whole records, keyed and indexed by their
 * own property names. The steps up to version 6 work on it; version 7 moves its rows.
 */
interface LegacySchema extends DBSchema {
  unsubscribes: { key: [string, string]; value: UnsubscribeRecord };
}
type LegacyUnsubscribes = IDBPObjectStore<
  LegacySchema,
  ['unsubscribes'],
  'unsubscribes',
  'versionchange'
>;
const legacyUnsubscribes = (tx: UpgradeTransaction): LegacyUnsubscribes =>
  tx.objectStore('unsubscribes') as unknown as LegacyUnsubscribes;

/** Where version 7 puts the rows before the store takes the old one's name. */
const MOVING_STORE = 'unsubscribes-v7';
/** Rows moved per request: one `getAll`, then its puts, which IndexedDB runs without a wait. */
const MOVE_BATCH = 2_000;

/**
 * A step is synchronous, or returns a promise of its requests, which the next step waits for:
 * each step reads what the one before it wrote.
 */
type UpgradeStep = (db: Database, tx: UpgradeTransaction) => void | Promise<void>;

export const UPGRADES: readonly UpgradeStep[] = [
  // Version 1: the outbox and audit trail, settings, orgs seen, describe cache.
  (db) => {
    const unsubscribes = db.createObjectStore('unsubscribes', { keyPath: ['orgId', 'recordId'] });
    unsubscribes.createIndex('status', 'status');
    db.createObjectStore('settings', { keyPath: 'orgId' });
    db.createObjectStore('orgs', { keyPath: 'orgId' });
    db.createObjectStore('describes', { keyPath: ['orgId', 'object'] });
  },
  // Version 2: OAuth connections.
  (db) => {
    db.createObjectStore('connections', { keyPath: 'orgId' });
  },
  // Version 3: the nightly reconcile's per-org state, run history and schedule.
  (db) => {
    db.createObjectStore('syncState', { keyPath: 'orgId' });
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('orgStarted', ['orgId', 'startedAt']);
    db.createObjectStore('meta', { keyPath: 'key' });
  },
  // Version 4: an org's unsubscribes by time, so the options page lists the newest first
  // without reading them all.
  (_db, tx) => {
    tx.objectStore('unsubscribes').createIndex('orgCreated', ['orgId', 'createdAt']);
  },
  // Version 5: an org's unsubscribes by address, so the nightly run and Remove find a person's
  // records without reading them all; what earlier versions stored learns its address key.
  async (_db, tx) => {
    tx.objectStore('unsubscribes').createIndex('orgEmail', ['orgId', 'emailKey']);
    const store = legacyUnsubscribes(tx);
    for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
      const key = emailKey(cursor.value.email);
      if (key !== null) await cursor.update({ ...cursor.value, emailKey: key });
    }
  },
  // Version 6: each org's unsubscribes counted by state, so the options page shows a total
  // without counting every row; what earlier versions stored is counted once, here (after
  // version 5's step rewrote it).
  (db, tx) => {
    db.createObjectStore('unsubscribeCounts', { keyPath: 'orgId' });
    return recount({
      unsubscribes: tx.objectStore('unsubscribes'),
      unsubscribeCounts: tx.objectStore('unsubscribeCounts'),
    });
  },
  // Version 7: unsubscribes stored compact (`unsubscribe-codec.ts`): an import nobody touched
  // keeps what R9 and the same-email rule need, in under a quarter of its size. A store's key
  // path cannot change, so the rows move, batch by batch, to a store keyed by the new shape,
  // which then takes the old one's name; the counters stay as they are (every row moves, state
  // and all).
  async (db, tx) => {
    const legacy = legacyUnsubscribes(tx);
    const rows = (db as unknown as IDBPDatabase).createObjectStore(MOVING_STORE, {
      keyPath: ['o', 'i'],
    });
    rows.createIndex('status', 's');
    rows.createIndex('orgCreated', ['o', 't']);
    rows.createIndex('orgEmail', ['o', 'e']);
    let batch = await legacy.getAll(undefined, MOVE_BATCH);
    while (batch.length > 0) {
      const puts = batch.map((record) => rows.put(encodeUnsubscribe(record)));
      const last = batch[batch.length - 1] as UnsubscribeRecord;
      const next = legacy.getAll(
        IDBKeyRange.lowerBound([last.orgId, last.recordId], true),
        MOVE_BATCH,
      );
      await Promise.all(puts);
      batch = await next;
    }
    db.deleteObjectStore('unsubscribes');
    rows.name = 'unsubscribes';
  },
];

/** Opens the extension's database at `version` (the current one unless a test asks otherwise). */
export function openDatabase(
  name: string = DB_NAME,
  version: number = DB_VERSION,
): Promise<Database> {
  return openDB<UnsubscribeSyncDB>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      // Synchronous steps run at once, in the upgrade's event; a step after an asynchronous one
      // runs when that one's last request has answered, while the transaction is still active.
      let running: Promise<void> | null = null;
      for (const step of UPGRADES.slice(oldVersion, newVersion ?? version)) {
        running = running ? running.then(() => step(db, tx)) : (step(db, tx) ?? null);
      }
      // A step that fails leaves the database as it was: the upgrade is tried at the next open.
      running?.catch(() => tx.abort());
    },
  });
}

/**
 * The database as this version's worker left it, for a reader beside the worker (the options
 * page): null when it is missing or at another version, for only `openDatabase` creates and
 * upgrades it (an upgrade begun in a page the rep closes would be undone, and one begun on a
 * missing database would leave it at a version that skips the steps). The connection closes
 * when an upgrade asks for the database, so an open page never holds one back; `onClose` then
 * tells the reader to open again.
 */
export async function openCurrentDatabase(onClose: () => void): Promise<Database | null> {
  try {
    const db = await openDB<UnsubscribeSyncDB>(DB_NAME, DB_VERSION, {
      upgrade(_db, _oldVersion, _newVersion, tx) {
        // The open rejects with the abort; the transaction's own promise would reject unheard.
        tx.done.catch(() => {});
        tx.abort();
      },
      blocking(_currentVersion, _blockedVersion, event) {
        (event.target as IDBDatabase).close();
        onClose();
      },
      terminated: onClose,
    });
    return db;
  } catch (error) {
    // AbortError: the upgrade above; VersionError: a newer version's database.
    if (error instanceof DOMException && ['AbortError', 'VersionError'].includes(error.name)) {
      return null;
    }
    throw error;
  }
}
