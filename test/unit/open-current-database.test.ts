import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCurrentDatabase, openDatabase } from '../../src/lib/db/open';
import { DB_NAME, DB_VERSION } from '../../src/lib/db/schema';
import { putUnsubscribes } from '../../src/lib/db/unsubscribes';
import { unsubscribeListPage } from '../../src/lib/unsubscribe-list';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

const stored = async () => (await indexedDB.databases()).find((d) => d.name === DB_NAME);

afterEach(async () => {
  await new Promise((done) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = request.onerror = done;
  });
});

describe('openCurrentDatabase (the options page reading beside the worker)', () => {
  it('neither creates a missing database nor leaves one behind', async () => {
    expect(await openCurrentDatabase(() => {})).toBeNull();
    expect(await stored()).toBeUndefined();
    // The worker's open then creates it with every store, as on a first install.
    const db = await openDatabase();
    expect([...db.objectStoreNames]).toContain('unsubscribes');
    db.close();
  });

  it('leaves a database of an earlier version to the worker, which upgrades it with its rows', async () => {
    const old = await openDatabase(DB_NAME, DB_VERSION - 1);
    old.close();
    expect(await openCurrentDatabase(() => {})).toBeNull();
    expect((await stored())?.version).toBe(DB_VERSION - 1);
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it("reads the list the worker's writes left, as the worker would answer it", async () => {
    const worker = await openDatabase();
    await putUnsubscribes(worker, [storedUnsubscribe()]);
    const page = await openCurrentDatabase(() => {});
    if (!page) throw new Error('the page could not open the current database');
    const query = { search: '', state: 'all', limit: 200 } as const;
    const fromPage = await unsubscribeListPage(page, ORG, query);
    expect(fromPage).toEqual(await unsubscribeListPage(worker, ORG, query));
    expect(fromPage).toMatchObject({ ok: true, total: 1, items: [{ name: 'Ana Lima' }] });
    page.close();
    worker.close();
  });

  it('closes for an upgrade instead of holding it back, and says so', async () => {
    (await openDatabase()).close();
    const onClose = vi.fn();
    const page = await openCurrentDatabase(onClose);
    expect(page).not.toBeNull();
    const blocked = vi.fn();
    // A later version's worker: its open goes through while the page is still open.
    const newer = await openDB(DB_NAME, DB_VERSION + 1, { blocked });
    expect(blocked).not.toHaveBeenCalled();
    expect(onClose).toHaveBeenCalledOnce();
    newer.close();
    // This version's page then finds a database it does not know.
    expect(await openCurrentDatabase(() => {})).toBeNull();
  });
});
