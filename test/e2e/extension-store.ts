import type { Page } from 'playwright-core';
import type { UnsubscribeRecord } from '../../src/lib/db/schema';
import type { OrgSettings } from '../../src/lib/settings';

/**
 * The extension's IndexedDB as its own pages see it: the tests read what the extension stored
 * (and, until the options page has its settings form, write an org's settings) from an
 * extension page, which shares the service worker's origin and database.
 */
async function withStore<T>(
  page: Page,
  store: 'unsubscribes' | 'settings',
  mode: IDBTransactionMode,
  value: unknown,
): Promise<T> {
  return page.evaluate(
    ({ store, mode, value }) =>
      new Promise<T>((resolve, reject) => {
        const open = indexedDB.open('unsubscribe-sync');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, mode);
          const request =
            mode === 'readonly' ? tx.objectStore(store).getAll() : tx.objectStore(store).put(value);
          tx.oncomplete = () => {
            open.result.close();
            resolve(request.result as T);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { store, mode, value },
  );
}

export function storedUnsubscribes(page: Page): Promise<UnsubscribeRecord[]> {
  return withStore<UnsubscribeRecord[]>(page, 'unsubscribes', 'readonly', null);
}

export async function storeSettings(page: Page, settings: OrgSettings): Promise<void> {
  await withStore(page, 'settings', 'readwrite', settings);
}
