import type { Page } from 'playwright-core';
import type { UnsubscribeRecord } from '../../src/lib/db/schema';
import type { OrgSettings } from '../../src/lib/settings';
import type { Emulator } from '../emulator/index';
import { ask } from './extension';

/**
 * The extension's IndexedDB as its own pages see it: the tests read what the extension stored
 * from an extension page, which shares the service worker's origin and database.
 */
export function storedUnsubscribes(page: Page): Promise<UnsubscribeRecord[]> {
  return page.evaluate(
    () =>
      new Promise<UnsubscribeRecord[]>((resolve, reject) => {
        const open = indexedDB.open('unsubscribe-sync');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result
            .transaction('unsubscribes')
            .objectStore('unsubscribes')
            .getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as UnsubscribeRecord[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Saves an org's settings the way the options page does: through the service worker. */
export async function storeSettings(page: Page, settings: OrgSettings): Promise<void> {
  const answer = await ask<{ ok: boolean }>(page, { type: 'settings-save', settings });
  if (!answer.ok) throw new Error(`settings-save refused: ${JSON.stringify(answer)}`);
}

/**
 * Unsubscribes records all at once from an extension page, as clicks on their record pages would
 * (the tests queue many while Salesforce is unreachable), and waits for the worker to answer each.
 */
export async function unsubscribeAll(
  page: Page,
  emu: Emulator,
  ids: readonly string[],
): Promise<void> {
  await page.evaluate(
    (pages) =>
      Promise.all(
        pages.map(([recordId, pageUrl]) =>
          chrome.runtime.sendMessage({ type: 'unsubscribe', recordId, pageUrl }),
        ),
      ),
    ids.map((id) => [id, emu.recordUrl(id)]),
  );
}
