import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchExtension } from '../test/e2e/extension';

/**
 * `npm run bench:durability`: what `durability: 'strict'` costs the save of one click, measured
 * in Debian's Chromium, in the extension's own IndexedDB (its options page's origin, a profile on
 * the real disk). Each round saves one unsubscribe-sized record in its own transaction, strict
 * and relaxed in alternating order, so both see the same machine load. Writes
 * bench/results/durability.json; nothing passes or fails on time.
 */

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

interface Timings {
  readonly strict: number[];
  readonly relaxed: number[];
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (value: number) => Math.round(value * 100) / 100;

// The port is never dialled: the bench opens only the extension's own page.
const extension = await launchExtension(1);
try {
  const page = await extension.openExtensionPage('src/options/index.html');
  // tsx compiles with esbuild's keepNames, which wraps the page function's inner functions in a
  // `__name` helper that exists only in Node.
  await page.evaluate('globalThis.__name = (f) => f');
  const timings = await page.evaluate(async (rounds: number): Promise<Timings> => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('durability-bench', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('s', { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // About the size of a stored click (its audit entry, fields, page URL).
    const record = { payload: 'x'.repeat(560) };
    const save = (durability: IDBTransactionDurability, id: string) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction('s', 'readwrite', { durability });
        tx.objectStore('s').put({ ...record, id });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    const out: Timings = { strict: [], relaxed: [] };
    for (let i = 0; i < rounds; i++) {
      const order: IDBTransactionDurability[] =
        i % 2 === 0 ? ['relaxed', 'strict'] : ['strict', 'relaxed'];
      for (const durability of order) {
        const started = performance.now();
        await save(durability, `${durability}-${i}`);
        const list = durability === 'strict' ? out.strict : out.relaxed;
        list.push(performance.now() - started);
      }
    }
    db.close();
    indexedDB.deleteDatabase('durability-bench');
    return out;
  }, ROUNDS);

  const summary = Object.fromEntries(
    (['relaxed', 'strict'] as const).map((d) => [
      d,
      { medianMs: ms(percentile(timings[d], 50)), p95Ms: ms(percentile(timings[d], 95)) },
    ]),
  );
  const report = {
    date: new Date().toISOString(),
    rounds: ROUNDS,
    ...summary,
    strictOverRelaxedMedian: ms(percentile(timings.strict, 50) / percentile(timings.relaxed, 50)),
  };
  console.log(JSON.stringify(report, null, 2));
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, 'durability.json'), `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await extension.close();
}
