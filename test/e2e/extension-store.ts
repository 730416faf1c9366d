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

/**
 * Fills the extension's store with `count` imported unsubscribes of one org, as nightly runs
 * would have left them (the newest is waiting, so the options page polls), in large
 * transactions straight from an extension page; each transaction adds its rows to the org's
 * counters as the extension's own writes do. Returns the time it took (ms).
 */
export async function fillUnsubscribes(
  page: Page,
  orgId: string,
  instanceUrl: string,
  count: number,
): Promise<number> {
  return page.evaluate(
    async ({ orgId, instanceUrl, count }) => {
      const started = performance.now();
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('unsubscribe-sync');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => resolve(open.result);
      });
      // An 18-character Id, checksum and all, as Salesforce gives them.
      const id18 = (id15: string): string => {
        let suffix = '';
        for (let part = 0; part < 3; part++) {
          let bits = 0;
          for (let j = 0; j < 5; j++) {
            const c = id15.charAt(part * 5 + j);
            if (c >= 'A' && c <= 'Z') bits |= 1 << j;
          }
          suffix += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'.charAt(bits);
        }
        return id15 + suffix;
      };
      const BATCH = 20_000;
      const base = Date.UTC(2026, 0, 1);
      for (let from = 0; from < count; from += BATCH) {
        const tx = db.transaction(['unsubscribes', 'unsubscribeCounts'], 'readwrite');
        const store = tx.objectStore('unsubscribes');
        const added = { pending: 0, confirmed: 0, failed: 0, undone: 0 };
        for (let i = from; i < Math.min(count, from + BATCH); i++) {
          const status = i === count - 1 ? 'pending' : 'confirmed';
          added[status] += 1;
          const id = id18(`003FL${String(i).padStart(10, '0')}`);
          store.put({
            orgId,
            recordId: id,
            object: 'Contact',
            name: `Imported Person ${i}`,
            email: `person${i}@example.com`,
            emailKey: `person${i}@example.com`,
            instanceUrl,
            status,
            fields: ['HasOptedOutOfEmail'],
            setByClick: [],
            source: 'salesforce',
            // A nightly page's imports share their time: 2,000 rows a page.
            createdAt: base + Math.floor(i / 2000) * 60_000,
            createdBy: 'Salesforce',
            pageUrl: null,
            attempts: 0,
            outcomeUnknown: false,
            nextAttemptAt: null,
            lastError: null,
            confirmedAt: base,
            history: [{ at: base, who: 'Salesforce', action: 'imported' }],
            syncedFields: ['HasOptedOutOfEmail'],
            notPersonContact: true,
          });
        }
        const counters = tx.objectStore('unsubscribeCounts');
        const read = counters.get(orgId);
        read.onsuccess = () => {
          const counts = (read.result as { counts: typeof added } | undefined)?.counts ?? {
            pending: 0,
            confirmed: 0,
            failed: 0,
            undone: 0,
          };
          for (const s of Object.keys(added) as (keyof typeof added)[]) counts[s] += added[s];
          counters.put({ orgId, counts });
        };
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      }
      db.close();
      return performance.now() - started;
    },
    { orgId, instanceUrl, count },
  );
}

/** The extension's counters of one org, as stored. */
export function storedCounts(page: Page, orgId: string): Promise<Record<string, number> | null> {
  return page.evaluate(
    (orgId) =>
      new Promise<Record<string, number> | null>((resolve, reject) => {
        const open = indexedDB.open('unsubscribe-sync');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result
            .transaction('unsubscribeCounts')
            .objectStore('unsubscribeCounts')
            .get(orgId);
          request.onsuccess = () => {
            open.result.close();
            resolve(
              (request.result as { counts: Record<string, number> } | undefined)?.counts ?? null,
            );
          };
          request.onerror = () => reject(request.error);
        };
      }),
    orgId,
  );
}

/**
 * Stores these unsubscribes of one org in the extension's IndexedDB from an extension page, in
 * one transaction that adds them to the org's counters as the extension's own writes do (the
 * store must not hold them yet). The bench plants its scenario's clicks this way.
 */
export async function putUnsubscribes(
  page: Page,
  orgId: string,
  records: readonly UnsubscribeRecord[],
): Promise<void> {
  await page.evaluate(
    async ({ orgId, records }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('unsubscribe-sync');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => resolve(open.result);
      });
      const tx = db.transaction(['unsubscribes', 'unsubscribeCounts'], 'readwrite');
      const store = tx.objectStore('unsubscribes');
      const added: Record<string, number> = { pending: 0, confirmed: 0, failed: 0, undone: 0 };
      for (const record of records) {
        store.put(record);
        added[record.status] = (added[record.status] ?? 0) + 1;
      }
      const counters = tx.objectStore('unsubscribeCounts');
      const read = counters.get(orgId);
      read.onsuccess = () => {
        const counts = (read.result as { counts: Record<string, number> } | undefined)?.counts;
        const sum = Object.fromEntries(
          Object.entries(added).map(([status, n]) => [status, n + (counts?.[status] ?? 0)]),
        );
        counters.put({ orgId, counts: sum });
      };
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      db.close();
    },
    { orgId, records },
  );
}
