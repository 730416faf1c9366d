/**
 * The product's own store code, bundled by `chromium-store.ts` and run in one of the extension's
 * pages (the service worker's origin, so its IndexedDB): what fills and measures the store in
 * `npm run bench:store`. Nothing here is part of the extension.
 */
import { openDatabase, type Database } from '../src/lib/db/open';
import type { UnsubscribeRecord } from '../src/lib/db/schema';
import { putUnsubscribes } from '../src/lib/db/unsubscribes';
import { toId18 } from '../src/lib/ids';
import { importedUnsubscribe } from '../src/lib/reconcile/diff';

/** A nightly page: the run stores its imports 2,000 rows to a transaction. */
const PAGE = 2_000;

export interface FillTarget {
  readonly orgId: string;
  readonly instanceUrl: string;
  readonly count: number;
}

/** The `i`-th import of a nightly run, as `storeReadRows` makes it. */
function imported({ orgId, instanceUrl }: FillTarget, i: number, run: number): UnsubscribeRecord {
  return importedUnsubscribe(
    {
      orgId,
      instanceUrl,
      recordId: toId18(`003FL${String(i).padStart(10, '0')}`) ?? '',
      object: 'Contact',
      name: `Imported Person ${i}`,
      email: `person${i}@example.com`,
      setFields: ['HasOptedOutOfEmail'],
    },
    [],
    `${orgId}:${run}`,
    run + 60_000 + Math.floor(i / PAGE) * 1_000,
  );
}

/**
 * Fills a database of the current version through `putUnsubscribes` (the counted writes and the
 * codec), a nightly page per transaction. Returns the time it took (ms).
 */
async function fill(db: Database, target: FillTarget): Promise<number> {
  const started = performance.now();
  const run = Date.UTC(2026, 0, 1);
  for (let from = 0; from < target.count; from += PAGE) {
    const page: UnsubscribeRecord[] = [];
    for (let i = from; i < Math.min(target.count, from + PAGE); i++) {
      page.push(imported(target, i, run));
    }
    await putUnsubscribes(db, page);
  }
  return performance.now() - started;
}

/**
 * Fills a database at version 6 with the same imports, whole, as version 6 stored them (its
 * `countedWrites` put each record as it was). Returns the time it took (ms).
 */
async function fillVersion6(db: Database, target: FillTarget): Promise<number> {
  const started = performance.now();
  const run = Date.UTC(2026, 0, 1);
  for (let from = 0; from < target.count; from += PAGE) {
    const tx = db.transaction('unsubscribes', 'readwrite');
    const store = tx.objectStore('unsubscribes') as unknown as {
      put(record: UnsubscribeRecord): Promise<unknown>;
    };
    const puts: Promise<unknown>[] = [];
    for (let i = from; i < Math.min(target.count, from + PAGE); i++) {
      puts.push(store.put(imported(target, i, run)));
    }
    await Promise.all([...puts, tx.done]);
  }
  return performance.now() - started;
}

const usage = async (): Promise<number> => (await navigator.storage.estimate()).usage ?? 0;

const storeBench = {
  usage,
  /** Fills database `name` at version 6 with the rows as version 6 stored them. */
  async fillVersion6(name: string, target: FillTarget): Promise<number> {
    const db = await openDatabase(name, 6);
    const took = await fillVersion6(db, target);
    db.close();
    return took;
  },
  /** Opens database `name` at the current version: the upgrade of what it holds. */
  async upgrade(name: string): Promise<number> {
    const started = performance.now();
    const db = await openDatabase(name);
    const took = performance.now() - started;
    db.close();
    return took;
  },
  /** Fills database `name` (the extension's own by default) through the product's writes. */
  async fill(target: FillTarget, name?: string): Promise<number> {
    const db = await openDatabase(name);
    const took = await fill(db, target);
    db.close();
    return took;
  },
  /** Puts the org where the options page finds it, as a visit of its pages does. */
  async learnOrg(orgId: string, instanceUrl: string): Promise<void> {
    const db = await openDatabase();
    await db.put('orgs', { orgId, instanceUrl, userId: null, userName: 'Bench', lastSeenAt: 0 });
    db.close();
  },
};

export type StoreBench = typeof storeBench;

(globalThis as unknown as { storeBench: StoreBench }).storeBench = storeBench;
