import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ratio, Report } from './model';

/**
 * `npm run bench:goals`: issue 12's goals, each met or not and by how much, from the results the
 * benches wrote (`bench/results/`: `npm run bench` with and without `BENCH_REPORT=report-1m`,
 * `bench:heap`, `bench:store`, `bench:fleet`). It measures nothing itself: each line names the
 * file and date its figure comes from, so a stale figure shows. Writes results/goals.md.
 */

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

interface HeapResult {
  readonly date: string;
  readonly commit: string;
  readonly size: number;
  readonly run: { readonly wallSeconds: number; readonly apiCallsByEmulator: number };
  readonly heapMb: { readonly peakAboveIdle: number };
  readonly targetMb: number;
}

interface StoreResult {
  readonly date: string;
  readonly serializedBytesPerRow: { readonly version7: number };
  readonly storage: {
    readonly rows: number;
    readonly version7: { readonly estimateBytesPerRow: number; readonly diskBytesPerRow: number };
  };
  readonly optionsPage: {
    readonly rows: number;
    readonly firstPageShownMs: readonly number[];
    readonly openedAfter: readonly string[];
  };
}

interface FleetCheck {
  readonly night: 'first' | 'second';
  readonly calls: number;
  readonly allowance: number;
  readonly share: number;
  readonly target: number;
  readonly met: boolean;
}

interface FleetResult {
  readonly date: string;
  readonly settings: { readonly browsers: number; readonly size: number };
  readonly nights: readonly {
    readonly night: 'first' | 'second';
    readonly errorResponses: readonly unknown[];
    readonly failedRuns: readonly unknown[];
    readonly target: FleetCheck;
  }[];
  readonly projections: readonly {
    readonly size: number;
    readonly reps: number;
    readonly night: 'first' | 'second';
    readonly check: FleetCheck;
  }[];
}

async function load<T>(name: string): Promise<T | null> {
  const path = join(RESULTS, name);
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as T) : null;
}

const sizeLabel = (size: number) =>
  size >= 1_000_000 ? `${size / 1_000_000}M` : size >= 1000 ? `${size / 1000}k` : String(size);
const day = (iso: string) => iso.slice(0, 10);
const verdict = (met: boolean) => (met ? 'met' : '**not met**');
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

/** One goal: what it asks, and for each figure whether it is met. */
interface Goal {
  readonly goal: string;
  readonly lines: readonly string[];
}

/** A night's figures from one report, with the file they come from. */
interface Night {
  readonly ratio: Ratio;
  /** How many times faster the product's night was (the baseline's wall over the product's). */
  readonly faster: number;
  readonly source: string;
}

function nightsOf(report: Report | null, file: string): Night[] {
  if (!report) return [];
  const wall = (size: number, night: string, variant: string) =>
    report.rows.find((r) => r.size === size && r.night === night && r.variant === variant)
      ?.wallMs ?? NaN;
  return report.ratios.map((ratio) => ({
    ratio,
    faster: wall(ratio.size, ratio.night, 'baseline') / wall(ratio.size, ratio.night, 'product'),
    source: `${file} ${day(report.date)}`,
  }));
}

function callGoal(nights: readonly Night[]): Goal {
  return {
    goal: 'Fewer calls than the fair baseline, and within ceil(read/10k) + ceil(written/1k) + 2',
    lines: nights.map(
      ({ ratio: r, source }) =>
        `${sizeLabel(r.size)} ${r.night} night: ${r.productCalls} calls against the baseline's ` +
        `${r.baselineCalls}${r.naive ? ` (the naive script's ${r.naive.calls})` : ''}, ` +
        `bound ${r.callBound}: ` +
        `${verdict(r.productCalls < r.baselineCalls && r.productCalls <= r.callBound)} (${source})`,
    ),
  };
}

function wallGoal(nights: readonly Night[]): Goal {
  return {
    goal: 'First night at least 2× faster than the fair baseline at 10k, 100k and 1M',
    lines: nights
      .filter(({ ratio }) => ratio.night === 'first' && ratio.size >= 10_000)
      .map(
        ({ ratio, faster, source }) =>
          `${sizeLabel(ratio.size)}: ${Math.round(faster * 10) / 10}× faster` +
          `${ratio.naive ? ` (than the naive script: ${Math.round(ratio.naive.wall * 10) / 10}×)` : ''}: ` +
          `${verdict(faster >= 2)} (${source})`,
      ),
  };
}

async function goals(): Promise<Goal[]> {
  const out: Goal[] = [];
  const nights = [
    ...nightsOf(await load<Report>('report.json'), 'report.json'),
    ...nightsOf(await load<Report>('report-1m.json'), 'report-1m.json'),
  ];
  if (nights.length > 0) out.push(callGoal(nights), wallGoal(nights));

  const heap = await load<HeapResult>('worker-heap.json');
  if (heap)
    out.push({
      goal: `Service worker heap in Chromium: peak < ${heap.targetMb} MB above the idle worker`,
      lines: [
        `${sizeLabel(heap.size)} first night: ${heap.heapMb.peakAboveIdle} MB ` +
          `(${heap.run.wallSeconds} s, ${heap.run.apiCallsByEmulator} calls): ` +
          `${verdict(heap.heapMb.peakAboveIdle < heap.targetMb)}, one run; the same code's peak ` +
          `moves by up to 20 MB between runs (bench/README.md) ` +
          `(worker-heap.json ${day(heap.date)}, ${heap.commit})`,
      ],
    });

  const store = await load<StoreResult>('store.json');
  if (store) {
    const serialized = store.serializedBytesPerRow.version7;
    const { version7, rows } = store.storage;
    out.push(
      {
        goal: 'An untouched import stored in ≤ 150 bytes serialized; IndexedDB size for 100k rows',
        lines: [
          `${serialized} B serialized: ${verdict(serialized <= 150)}; in Chromium at ` +
            `${sizeLabel(rows)} rows ${version7.estimateBytesPerRow} B a row by ` +
            `storage.estimate(), ${version7.diskBytesPerRow} B a row on disk ` +
            `(store.json ${day(store.date)})`,
        ],
      },
      {
        goal: 'Options page: first page of the list shown in < 300 ms at 1M rows',
        lines: store.optionsPage.firstPageShownMs.map(
          (ms, i) =>
            `opening ${i + 1}, after ${store.optionsPage.openedAfter[i] ?? 'an opening'}: ${ms} ms: ` +
            `${verdict(ms < 300)}${ms >= 300 ? ` (by ${ms - 300} ms; why: bench/README.md, ` + '"The store in Chromium")' : ''} ` +
            `(store.json ${day(store.date)}, ${sizeLabel(store.optionsPage.rows)} rows)`,
        ),
      },
    );
  }

  const fleet = await load<FleetResult>('fleet.json');
  if (fleet) {
    const line = (what: string, check: FleetCheck) =>
      `${what} ${check.night} night: ${check.calls} calls, ${percent(check.share)} of ` +
      `${check.allowance} (target ≤ ${percent(check.target)}): ${verdict(check.met)}`;
    const clean = fleet.nights.every((n) => n.errorResponses.length + n.failedRuns.length === 0);
    out.push({
      goal: 'Fleet: first night ≤ 5 % of the allowance, later nights ≤ 1 %, no limit error',
      lines: [
        ...fleet.nights.map((n) =>
          line(
            `${fleet.settings.browsers} browsers, ${sizeLabel(fleet.settings.size)}, simulated,`,
            n.target,
          ),
        ),
        ...fleet.projections
          .filter((p) => p.reps > fleet.settings.browsers)
          .map((p) => line(`model, ${p.reps} reps, ${sizeLabel(p.size)},`, p.check)),
        `limit errors and failed runs: ${clean ? 'none: met' : '**some: not met**'} ` +
          `(fleet.json ${day(fleet.date)})`,
      ],
    });
  }
  return out;
}

const text = [
  "# Issue 12's goals",
  '',
  'From the latest results in bench/results (`npm run bench:goals`; each line names its source).',
  '',
  ...(await goals()).flatMap((g) => [`## ${g.goal}`, '', ...g.lines.map((l) => `- ${l}`), '']),
].join('\n');
await writeFile(join(RESULTS, 'goals.md'), text);
process.stdout.write(text);
