import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { emailKey } from '../same-email';
import { recount } from './unsubscribe-counts';
import { DB_NAME, DB_VERSION, type UnsubscribeSyncDB } from './schema';

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

export const UPGRADES: readonly ((db: Database, tx: UpgradeTransaction) => void)[] = [
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
  (_db, tx) => {
    const store = tx.objectStore('unsubscribes');
    store.createIndex('orgEmail', ['orgId', 'emailKey']);
    void (async () => {
      for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
        const key = emailKey(cursor.value.email);
        if (key !== null) await cursor.update({ ...cursor.value, emailKey: key });
      }
    })();
  },
  // Version 6: each org's unsubscribes counted by state, so the options page shows a total
  // without counting every row; what earlier versions stored is counted once, here (requests
  // of one transaction run in order: this count sees what version 5's step rewrote).
  (db, tx) => {
    db.createObjectStore('unsubscribeCounts', { keyPath: 'orgId' });
    void recount({
      unsubscribes: tx.objectStore('unsubscribes'),
      unsubscribeCounts: tx.objectStore('unsubscribeCounts'),
    });
  },
];

/** Opens the extension's database at `version` (the current one unless a test asks otherwise). */
export function openDatabase(
  name: string = DB_NAME,
  version: number = DB_VERSION,
): Promise<Database> {
  return openDB<UnsubscribeSyncDB>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) UPGRADES[v]?.(db, tx);
    },
  });
}
