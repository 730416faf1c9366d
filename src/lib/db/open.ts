import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, type UnsubscribeSyncDB } from './schema';

export type Database = IDBPDatabase<UnsubscribeSyncDB>;

/**
 * Opens the extension's database, creating or migrating it. Each schema version's changes are
 * applied in order from the version found, so a database written by any earlier version opens
 * with everything it held.
 */
export function openDatabase(name: string = DB_NAME): Promise<Database> {
  return openDB<UnsubscribeSyncDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const unsubscribes = db.createObjectStore('unsubscribes', {
          keyPath: ['orgId', 'recordId'],
        });
        unsubscribes.createIndex('status', 'status');
        db.createObjectStore('settings', { keyPath: 'orgId' });
        db.createObjectStore('orgs', { keyPath: 'orgId' });
        db.createObjectStore('describes', { keyPath: ['orgId', 'object'] });
      }
    },
  });
}
