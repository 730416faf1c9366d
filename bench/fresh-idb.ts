import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';

/**
 * A new, empty fake-indexeddb for each measured variant: the databases of earlier variants are
 * dropped with their factory, so they neither slow the next one down nor weigh on its memory.
 */
export function freshIndexedDb(): void {
  globalThis.indexedDB = new IDBFactory();
}
