import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { encodeUnsubscribe } from '../src/lib/db/unsubscribe-codec';
import { importedUnsubscribe } from '../src/lib/reconcile/diff';
import { launchExtension, OPTIONS_PAGE, type LoadedExtension } from '../test/e2e/extension';
import {
  TRACE_WORKER_REQUESTS,
  tracedRequests,
  type TracedRequest,
} from '../test/e2e/worker-requests';
import type { FillTarget, StoreBench } from './store-page';

/**
 * `npm run bench:store`: the extension's IndexedDB in Debian's Chromium, filled through the
 * product's own store code (`store-page.ts`, bundled and run in an extension page):
 *
 * 1. Size: `BENCH_STORE_ROWS` (100,000) imports nobody touched, as version 6 stored them (whole),
 *    then after this version's upgrade (compact rows), then written fresh by this version; the
 *    origin's `navigator.storage.estimate()` usage over an empty store, per row, beside each
 *    row's V8 serialization (what IndexedDB writes for a value).
 * 2. The options page at `BENCH_LIST_ROWS` (1,000,000) stored unsubscribes: the time from
 *    opening it to its first list page shown, `BENCH_REPEATS` (5) times: at once after a browser
 *    start, then with the service worker stopped and the database closed, then again.
 *
 * Writes bench/results/store.json; nothing passes or fails on time.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, 'results');
const STORE_ROWS = Number(process.env.BENCH_STORE_ROWS ?? 100_000);
const LIST_ROWS = Number(process.env.BENCH_LIST_ROWS ?? 1_000_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
/**
 * Chromium closes an origin's IndexedDB a few seconds after its last connection closes (2 s in
 * its source, `kBackingStoreGracePeriod`): the wait after the worker is stopped, so the next
 * opening finds the database closed, as the page opened later in a rep's day does.
 */
const STORE_CLOSES_MS = 5_000;
/** What came before each opening of the options page, in order; the last for the rest. */
const OPENED_AFTER = ['a browser start', 'its worker stopped', 'an opening'] as const;
/** The rows the options page shows first (`LIST_LIMIT`). */
const FIRST_PAGE = 200;

/** A valid 18-character org Id: the worker refuses any other. */
const ORG = '00D5g000004BENCEA4';
const INSTANCE = 'https://acme.my.salesforce.com';

const step = (text: string) => process.stderr.write(`bench:store: ${text}\n`);
const round = (value: number, places = 0) => Math.round(value * 10 ** places) / 10 ** places;

/** `store-page.ts` as one script for an extension page. */
async function storeBundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: join(HERE, 'store-page.ts'), formats: ['iife'], name: 'storeBenchBundle' },
    },
  });
  const output = (Array.isArray(out) ? out[0] : out) as { output: { code?: string }[] };
  const code = output.output[0]?.code;
  if (!code) throw new Error('the store bundle is empty');
  return code;
}

/** Runs one of `storeBench`'s functions in the page. */
function inPage<K extends keyof StoreBench>(
  page: Page,
  name: K,
  ...args: Parameters<StoreBench[K]>
): Promise<Awaited<ReturnType<StoreBench[K]>>> {
  return page.evaluate(
    ([fn, rest]) =>
      (
        (globalThis as unknown as { storeBench: Record<string, (...a: unknown[]) => unknown> })
          .storeBench[fn] as (...a: unknown[]) => Promise<never>
      )(...rest),
    [name, args] as const,
  );
}

/** One import's row in V8's serialization: the old shape (the record) and the new. */
function serializedBytes(): { version6: number; version7: number } {
  const record = importedUnsubscribe(
    {
      orgId: ORG,
      instanceUrl: INSTANCE,
      recordId: '003FL0000000123AAA',
      object: 'Contact',
      name: 'Imported Person 12345',
      email: 'person12345@example.com',
      setFields: ['HasOptedOutOfEmail'],
    },
    [],
    `${ORG}:${Date.UTC(2026, 0, 1)}`,
    Date.UTC(2026, 0, 1) + 60_000,
  );
  return {
    version6: serialize(record).length,
    version7: serialize(encodeUnsubscribe(record)).length,
  };
}

interface PageTiming {
  readonly shownMs: number;
  readonly wallMs: number;
  readonly domContentLoadedMs: number;
  /** Where the page's first moments went: each request to the service worker. */
  readonly requests: TracedRequest[];
}

/** Opens the options page and times its first list page: navigation to rows on screen. */
async function firstPageShown(page: Page, url: string): Promise<PageTiming> {
  await page.addInitScript(TRACE_WORKER_REQUESTS);
  const opened = Date.now();
  await page.goto(url);
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="unsubscribes"] tbody tr').length >= n,
    FIRST_PAGE,
    { polling: 'raf', timeout: 120_000 },
  );
  const shownMs = await page.evaluate(() => performance.now());
  const wallMs = Date.now() - opened;
  const domContentLoadedMs = await page.evaluate(
    () =>
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
        ?.domContentLoadedEventEnd ?? NaN,
  );
  return {
    shownMs: round(shownMs),
    wallMs,
    domContentLoadedMs: round(domContentLoadedMs),
    requests: (await tracedRequests(page)).map((r) => ({
      type: r.type,
      sent: round(r.sent),
      answered: r.answered === null ? null : round(r.answered),
    })),
  };
}

/** An extension page with `storeBench` loaded, on a browser started for `work` and then closed. */
async function session<T>(
  profileDir: string,
  bundle: string,
  work: (page: Page, extension: LoadedExtension) => Promise<T>,
): Promise<T> {
  // The port is never dialled: the bench opens only the extension's own pages.
  const extension = await launchExtension(1, { profileDir });
  try {
    const page = await extension.openExtensionPage(OPTIONS_PAGE);
    // tsx compiles with esbuild's keepNames, which wraps the page functions' inner functions in
    // a `__name` helper that exists only in Node.
    await page.evaluate('globalThis.__name = (f) => f');
    await page.evaluate(bundle);
    return await work(page, extension);
  } finally {
    await extension.close();
  }
}

const target = (count: number): FillTarget => ({ orgId: ORG, instanceUrl: INSTANCE, count });
const perRow = (bytes: number, rows: number) => round(bytes / rows, 1);
const BENCH_DB = 'unsubscribe-sync-bench';

/** The bytes of a profile's IndexedDB files (every origin's: only the extension has any). */
function indexedDbBytes(profileDir: string): number {
  const root = join(profileDir, 'Default', 'IndexedDB');
  const walk = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (sum, entry) =>
        sum +
        (entry.isDirectory() ? walk(join(dir, entry.name)) : statSync(join(dir, entry.name)).size),
      0,
    );
  return existsSync(root) ? walk(root) : 0;
}

const bundle = await storeBundle();
const work = mkdtempSync(join(tmpdir(), 'unsubscribe-sync-bench-store-'));
try {
  // Each shape on a profile of its own: the origin's usage as Chromium reports it, read in the
  // session that wrote the rows, and the bytes of its IndexedDB files on disk once the browser
  // is closed (what it leaves for the next start).
  const emptyProfile = join(work, 'empty');
  await session(emptyProfile, bundle, (page) => inPage(page, 'usage'));
  // What the extension's own empty database leaves on disk, taken off each shape's bytes.
  const emptyDisk = indexedDbBytes(emptyProfile);
  const oldProfile = join(work, 'version6');
  step(`filling ${STORE_ROWS} rows as version 6 stored them`);
  const version6 = await session(oldProfile, bundle, async (page) => {
    const empty = await inPage(page, 'usage');
    const fillMs = await inPage(page, 'fillVersion6', BENCH_DB, target(STORE_ROWS));
    return { empty, fillMs, usage: await inPage(page, 'usage') };
  });
  const version6Disk = indexedDbBytes(oldProfile) - emptyDisk;
  const upgraded = await session(oldProfile, bundle, async (page) => {
    const before = await inPage(page, 'usage');
    const upgradeMs = await inPage(page, 'upgrade', BENCH_DB);
    return { before, upgradeMs, usage: await inPage(page, 'usage') };
  });
  const upgradedDisk = indexedDbBytes(oldProfile) - emptyDisk;
  step(
    `version 6: ${version6.usage - version6.empty} bytes; upgraded in ${round(upgraded.upgradeMs)} ms`,
  );

  const newProfile = join(work, 'version7');
  const version7 = await session(newProfile, bundle, async (page) => {
    const empty = await inPage(page, 'usage');
    const fillMs = await inPage(page, 'fill', target(STORE_ROWS), BENCH_DB);
    return { empty, fillMs, usage: await inPage(page, 'usage') };
  });
  const version7Disk = indexedDbBytes(newProfile) - emptyDisk;
  step(
    `version 7, written fresh: ${version7.usage - version7.empty} bytes in ${round(version7.fillMs)} ms`,
  );

  const listProfile = join(work, 'list');
  step(`filling the extension's store with ${LIST_ROWS} rows`);
  const listFill = await session(listProfile, bundle, async (page, extension) => {
    await inPage(page, 'learnOrg', ORG, INSTANCE);
    const fillMs = await inPage(page, 'fill', target(LIST_ROWS));
    // The rep has looked at the list before: the page remembers the org it showed.
    const options = await extension.context.newPage();
    await firstPageShown(options, `chrome-extension://${extension.extensionId}/${OPTIONS_PAGE}`);
    await options.close();
    return fillMs;
  });
  step(`filled in ${round(listFill)} ms`);
  // A browser started anew, as a rep's is: the options page opened at once (Chrome's policy
  // service still starting); then later in the day, the worker asleep (Chrome stops it after
  // 30 s idle) and the database closed; then again.
  const opens = await session(listProfile, bundle, async (_page, extension) => {
    const url = `chrome-extension://${extension.extensionId}/${OPTIONS_PAGE}`;
    const timings: (PageTiming & { after: string })[] = [];
    for (let i = 0; i < REPEATS; i++) {
      if (i === 1) {
        await extension.stopWorker();
        await new Promise((done) => setTimeout(done, STORE_CLOSES_MS));
      }
      const after = OPENED_AFTER[i] ?? OPENED_AFTER[2];
      const options = await extension.context.newPage();
      timings.push({ after, ...(await firstPageShown(options, url)) });
      await options.close();
      step(`options page ${i + 1}: ${JSON.stringify(timings.at(-1))}`);
    }
    return timings;
  });

  const perShape = (usage: number, empty: number, disk: number) => ({
    estimateBytes: usage - empty,
    estimateBytesPerRow: perRow(usage - empty, STORE_ROWS),
    diskBytes: disk,
    diskBytesPerRow: perRow(disk, STORE_ROWS),
  });
  const report = {
    date: new Date().toISOString(),
    serializedBytesPerRow: serializedBytes(),
    storage: {
      rows: STORE_ROWS,
      emptyDiskBytes: emptyDisk,
      version6: {
        ...perShape(version6.usage, version6.empty, version6Disk),
        fillMs: round(version6.fillMs),
      },
      afterUpgrade: {
        // Over the origin before the upgrade: the rows moved, less the rows they replace.
        estimateChangeBytes: upgraded.usage - upgraded.before,
        diskBytes: upgradedDisk,
        diskBytesPerRow: perRow(upgradedDisk, STORE_ROWS),
        upgradeMs: round(upgraded.upgradeMs),
      },
      version7: {
        ...perShape(version7.usage, version7.empty, version7Disk),
        fillMs: round(version7.fillMs),
      },
      version7OverVersion6: {
        estimate: round((version7.usage - version7.empty) / (version6.usage - version6.empty), 3),
        disk: round(version7Disk / version6Disk, 3),
      },
    },
    optionsPage: {
      rows: LIST_ROWS,
      fillMs: round(listFill),
      firstPageShownMs: opens.map((o) => o.shownMs),
      openedAfter: opens.map((o) => o.after),
      opens,
    },
  };
  console.log(JSON.stringify(report, null, 2));
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, 'store.json'), `${JSON.stringify(report, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
