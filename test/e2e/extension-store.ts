import type { Page } from 'playwright-core';
import type { UnsubscribeRecord, UnsubscribeStatus } from '../../src/lib/db/schema';
import {
  decodeUnsubscribe,
  encodeUnsubscribe,
  type StoredUnsubscribe,
} from '../../src/lib/db/unsubscribe-codec';
import { importedUnsubscribe } from '../../src/lib/reconcile/diff';
import { toId18 } from '../../src/lib/ids';
import type { OrgSettings } from '../../src/lib/settings';
import type { Emulator } from '../emulator/index';
import { ask } from './extension';

/** An extension page in either browser (Playwright's, or a `TabUnderTest`). */
export interface Evaluates {
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
}

/** A row as the extension stored it: whole before version 7, by `unsubscribe-codec.ts` since. */
const recordOf = (row: UnsubscribeRecord | StoredUnsubscribe): UnsubscribeRecord =>
  'orgId' in row ? row : decodeUnsubscribe(row);

/**
 * The extension's IndexedDB as its own pages see it: the tests read what the extension stored
 * from an extension page, which shares the service worker's origin and database, and read each
 * row as the extension does (whatever version of it wrote the row).
 */
export async function storedUnsubscribes(page: Evaluates): Promise<UnsubscribeRecord[]> {
  const rows = await page.evaluate(
    () =>
      new Promise<(UnsubscribeRecord | StoredUnsubscribe)[]>((resolve, reject) => {
        const open = indexedDB.open('unsubscribe-sync');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result
            .transaction('unsubscribes')
            .objectStore('unsubscribes')
            .getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as (UnsubscribeRecord | StoredUnsubscribe)[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
  return rows.map(recordOf);
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

/** Rows put into the store per transaction by `fillUnsubscribes`. */
const FILL_BATCH = 20_000;

/**
 * Fills the extension's store with `count` imported unsubscribes of one org, as nightly runs
 * would have left them (the newest is waiting, so the options page polls): the records are made
 * and encoded here as the extension's import and store do (`importedUnsubscribe`,
 * `encodeUnsubscribe`), and put in large transactions straight from an extension page; each
 * transaction adds its rows to the org's counters as the extension's own writes do. Returns the
 * time the puts took (ms).
 */
export async function fillUnsubscribes(
  page: Page,
  orgId: string,
  instanceUrl: string,
  count: number,
): Promise<number> {
  const base = Date.UTC(2026, 0, 1);
  let took = 0;
  for (let from = 0; from < count; from += FILL_BATCH) {
    const rows: StoredUnsubscribe[] = [];
    const added = { pending: 0, confirmed: 0, failed: 0, undone: 0 };
    for (let i = from; i < Math.min(count, from + FILL_BATCH); i++) {
      // A nightly page's imports share their time: 2,000 rows a page.
      const at = base + Math.floor(i / 2000) * 60_000;
      const email = `person${i}@example.com`;
      const imported = importedUnsubscribe(
        {
          orgId,
          instanceUrl,
          recordId: toId18(`003FL${String(i).padStart(10, '0')}`) ?? '',
          object: 'Contact',
          name: `Imported Person ${i}`,
          email,
          setFields: ['HasOptedOutOfEmail'],
        },
        [],
        `${orgId}:${base}`,
        at,
      );
      const record: UnsubscribeRecord =
        i === count - 1 ? { ...imported, status: 'pending', confirmedAt: null } : imported;
      added[record.status] += 1;
      rows.push(encodeUnsubscribe(record));
    }
    took += await putEncodedRows(page, orgId, rows, added);
  }
  return took;
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
  // Stored as the extension stores them (`unsubscribe-codec.ts`), counted by their status.
  const added: Record<UnsubscribeStatus, number> = {
    pending: 0,
    confirmed: 0,
    failed: 0,
    undone: 0,
  };
  for (const record of records) added[record.status] += 1;
  await putEncodedRows(page, orgId, records.map(encodeUnsubscribe), added);
}

/**
 * Puts rows already encoded by `encodeUnsubscribe` in the extension's IndexedDB from an extension
 * page, in one transaction that adds them to the org's counters as the extension's own writes
 * do; returns the time the puts took in the page (ms).
 */
async function putEncodedRows(
  page: Page,
  orgId: string,
  rows: readonly StoredUnsubscribe[],
  added: Readonly<Record<UnsubscribeStatus, number>>,
): Promise<number> {
  return page.evaluate(
    async ({ orgId, json, added }) => {
      const started = performance.now();
      const rows = JSON.parse(json) as unknown[];
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('unsubscribe-sync');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => resolve(open.result);
      });
      const tx = db.transaction(['unsubscribes', 'unsubscribeCounts'], 'readwrite');
      const store = tx.objectStore('unsubscribes');
      for (const row of rows) store.put(row);
      const counters = tx.objectStore('unsubscribeCounts');
      const read = counters.get(orgId);
      read.onsuccess = () => {
        const counts = (read.result as { counts: Record<string, number> } | undefined)?.counts ?? {
          pending: 0,
          confirmed: 0,
          failed: 0,
          undone: 0,
        };
        for (const [state, n] of Object.entries(added)) counts[state] = (counts[state] ?? 0) + n;
        counters.put({ orgId, counts });
      };
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      db.close();
      return performance.now() - started;
    },
    // One string crosses to the page far faster than as many objects as it holds.
    { orgId, json: JSON.stringify(rows), added },
  );
}
