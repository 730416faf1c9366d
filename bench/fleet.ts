import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ReconcileOptions } from '../src/lib/reconcile/run';
import { NIGHTLY_SPREAD_MS } from '../src/lib/schedule';
import { startEmulator, type BulkFigures, type ConcurrencyFigures } from '../test/emulator/index';
import { createBrowsers, runNight, type BrowserNight } from './fleet-browsers';
import {
  allowanceFor,
  checkTarget,
  project,
  type CallPoint,
  type Projection,
  type TargetCheck,
} from './fleet-model';
import { compactCount, seconds, sizeLabel, twoDigits } from './format';
import type { Night, Report } from './model';
import { emulatorOptions } from './scenario';
import { textTable } from './table';

/**
 * `npm run bench:fleet`: a fleet of browsers, each with a store of its own, running the product's
 * nightly reconcile against ONE emulated org that enforces the daily API allowance (100,000 +
 * 1,000 per licence), the concurrent long-running request limit and Bulk API 2.0's allocations.
 * Two nights: the first (every store new), then a second. Prints the calls per night, the peaks
 * of concurrent requests and Bulk jobs, every limit error, the issue's targets, and a model that
 * carries the figures to a larger org and fleet from the single-browser bench
 * (`bench/results/report.json`). Writes bench/results/fleet.json. See bench/README.md.
 */

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const BROWSERS = Math.round(envNumber('FLEET_BROWSERS', 100));
const SIZE = Math.round(envNumber('FLEET_SIZE', 10_000));
/**
 * The real half hour of starts runs in 30 / compression minutes. By default each night's
 * compression is chosen from how long one browser's night alone took (measured first, same run,
 * so on a machine shared with other work it takes that work into account): the fleet's runs
 * then ask for LOAD of the one Node thread that serves them all and the emulator, so they
 * overlap as the schedule spreads them and not as a queue for a shared processor would stack
 * them. FLEET_COMPRESSION fixes it for both nights instead.
 */
const FIXED_COMPRESSION = envNumber('FLEET_COMPRESSION', 0);
const LOAD = 0.75;
/**
 * At least ÷6 (starts over 5 minutes a night), so a run of the bench stays under ~10 minutes on
 * this machine; where the fleet then asks for more than the thread has, the night's `load` says
 * so (above 1 the runs queued, and overlapped more than the schedule alone would make them).
 */
const MIN_COMPRESSION = 6;
const MAX_COMPRESSION = 120;

function compressionFor(aloneMs: number): number {
  if (FIXED_COMPRESSION > 0) return FIXED_COMPRESSION;
  const fit = (NIGHTLY_SPREAD_MS * LOAD) / (BROWSERS * Math.max(1, aloneMs));
  return Math.min(MAX_COMPRESSION, Math.max(MIN_COMPRESSION, Math.floor(fit)));
}
const MODEL_SIZE = Math.round(envNumber('FLEET_MODEL_SIZE', 1_000_000));
const MODEL_REPS = Math.round(envNumber('FLEET_MODEL_REPS', 1000));

const started = performance.now();
const progress = (text: string) =>
  process.stderr.write(
    `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}\n`,
  );

/** An API request that ended in an error, by kind and status (a limit error among them). */
interface ErrorCount {
  readonly kind: string;
  readonly status: number;
  readonly count: number;
}

/** API calls of a night by request kind (describe, query, queryMore, collections-update, …). */
function callsByKind(entries: readonly { kind: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { kind } of entries) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

interface NightFigures {
  readonly night: Night;
  /** The starts' 30 minutes ran in 30 / compression minutes (Infinity: all at once). */
  readonly compression: number;
  readonly wallMs: number;
  /** Processor time of the whole process (browsers and emulator) over the night. */
  readonly cpuMs: number;
  /** Counted by the emulator: the org's daily allowance used by the whole fleet this night. */
  readonly apiCalls: number;
  readonly perBrowser: { readonly min: number; readonly mean: number; readonly max: number };
  readonly callsByKind: Readonly<Record<string, number>>;
  readonly peakRuns: number;
  /** Sum of the runs' durations over the night's wall time: runs under way on average. */
  readonly meanRuns: number;
  readonly meanRunMs: number;
  readonly concurrency: ConcurrencyFigures;
  readonly bulk: BulkFigures;
  /** Every API response of status 400 or more this night: there must be none. */
  readonly errorResponses: readonly ErrorCount[];
  /** Runs that did not end `done`, or recorded an error. */
  readonly failedRuns: readonly BrowserNight[];
  readonly target: TargetCheck;
}

async function singleBrowserBench(): Promise<Report | null> {
  try {
    return JSON.parse(await readFile(join(RESULTS, 'report.json'), 'utf8')) as Report;
  } catch {
    return null;
  }
}

/**
 * The 1M-record first night as `npm run bench:heap` measured it in Chromium's service worker
 * (`worker-heap.json`), for the model where the Node bench has no 1M row (a 1M Node run takes
 * most of an hour with the baseline); null without a finished run.
 */
async function chromiumNight(): Promise<CallPoint | null> {
  try {
    const heap = JSON.parse(await readFile(join(RESULTS, 'worker-heap.json'), 'utf8')) as {
      size: number;
      run: { status: string; apiCallsByEmulator: number };
    };
    if (heap.run.status !== 'done') return null;
    return {
      variant: 'product',
      night: 'first',
      size: heap.size,
      apiCalls: heap.run.apiCallsByEmulator,
    };
  } catch {
    return null;
  }
}

function errorResponses(entries: readonly { kind: string; status: number }[]): ErrorCount[] {
  const counts = new Map<string, ErrorCount>();
  for (const { kind, status } of entries) {
    if (status < 400) continue;
    const key = `${kind} ${status}`;
    counts.set(key, { kind, status, count: (counts.get(key)?.count ?? 0) + 1 });
  }
  return [...counts.values()];
}

/** Options of the product's run: the default, or an administrator's Bulk threshold by policy. */
const BULK_THRESHOLD = Number(process.env.FLEET_BULK_THRESHOLD);
const RUN_OPTIONS: Partial<ReconcileOptions> =
  Number.isInteger(BULK_THRESHOLD) && BULK_THRESHOLD >= 200
    ? { bulkThreshold: BULK_THRESHOLD }
    : {};

/** A run under an administrator's Bulk threshold is written beside the default one. */
const OUTPUT = RUN_OPTIONS.bulkThreshold
  ? `fleet-bulk-threshold-${RUN_OPTIONS.bulkThreshold}.json`
  : 'fleet.json';

interface Simulation {
  readonly nights: NightFigures[];
  readonly runs: Record<Night, BrowserNight[]>;
  readonly clicks: number;
}

/**
 * `count` browsers, each with 1 of `BROWSERS` shares of the clicks, in a fresh org (same seed)
 * whose allowance is that of `BROWSERS` licences; two nights, starts compressed by `compression`
 * (Infinity: all at once, for a browser alone).
 */
async function simulate(
  count: number,
  compression: (night: Night) => number,
  label: string,
): Promise<Simulation> {
  const allowance = allowanceFor(BROWSERS);
  const emu = await startEmulator({ ...emulatorOptions(SIZE), dailyApiLimit: allowance });
  const nights: NightFigures[] = [];
  const runs: Record<Night, BrowserNight[]> = { first: [], second: [] };
  try {
    const browsers = await createBrowsers(emu, count, SIZE, RUN_OPTIONS, BROWSERS);
    const clicks = browsers.reduce((sum, b) => sum + b.clicks, 0);
    const offsets = browsers.map((b) => b.offsetMs).sort((a, b) => a - b);
    progress(
      `${label}: stores ready, ${clicks} clicks in all; starts ${seconds(offsets[0] ?? 0)} to ` +
        `${seconds(offsets.at(-1) ?? 0)} after 20:00 Pacific`,
    );
    for (const night of ['first', 'second'] as const) {
      emu.limits.resetPeaks();
      const usedBefore = emu.apiUsage.used;
      const lastSeq = emu.log.entries().at(-1)?.seq ?? 0;
      const nightStarted = performance.now();
      const cpuBefore = process.cpuUsage();
      let ended = 0;
      const nightCompression = compression(night);
      const { nights: ran, peakRuns } = await runNight(browsers, nightCompression, (one) => {
        ended += 1;
        if (ended % 10 === 0 || ended === count)
          progress(`${label}, ${night} night: ${ended}/${count} runs ended`);
        if (one.status !== 'done') progress(`browser ${one.index}: ${one.status}`);
      });
      const wallMs = performance.now() - nightStarted;
      const cpu = process.cpuUsage(cpuBefore);
      const apiCalls = emu.apiUsage.used - usedBefore;
      const calls = ran.map((r) => r.apiCalls);
      const sumMs = ran.reduce((sum, r) => sum + r.durationMs, 0);
      const entries = emu.log.entries({ afterSeq: lastSeq });
      runs[night] = ran;
      nights.push({
        night,
        compression: nightCompression,
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        apiCalls,
        perBrowser: { min: Math.min(...calls), mean: apiCalls / count, max: Math.max(...calls) },
        callsByKind: callsByKind(entries),
        peakRuns,
        meanRuns: sumMs / wallMs,
        meanRunMs: sumMs / count,
        concurrency: emu.limits.concurrency(),
        bulk: emu.limits.bulk(),
        errorResponses: errorResponses(entries),
        failedRuns: ran.filter((r) => r.status !== 'done' || r.errors.length > 0),
        target: checkTarget(night, apiCalls, BROWSERS),
      });
      progress(
        `${label}, ${night} night (starts ÷${nightCompression}): ${apiCalls} calls in ${seconds(wallMs)}`,
      );
    }
    for (const b of browsers) b.harness.db.close();
    return { nights, runs, clicks };
  } finally {
    await emu.close();
  }
}

/**
 * A real fleet's runs under way at once, on average: each browser's run lasts its calls times
 * SECONDS_PER_CALL (one call after another: the issue's 100 ms round trip plus Salesforce's
 * server time, taken as a round second), and the reps' starts spread over the half hour.
 */
const SECONDS_PER_CALL = 1;
const runsAtOnce = (p: Projection): number =>
  (p.reps * p.perBrowser * SECONDS_PER_CALL * 1000) / NIGHTLY_SPREAD_MS;

function rowsLine(ran: readonly BrowserNight[]): string {
  const mean = (pick: (r: BrowserNight) => number) =>
    twoDigits(ran.reduce((sum, r) => sum + pick(r), 0) / Math.max(1, ran.length));
  return `${mean((r) => r.read)} / ${mean((r) => r.written)}`;
}

function kindLine(night: NightFigures | undefined, browsers: number): string {
  if (!night) return '—';
  return Object.entries(night.callsByKind)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, count]) => `${kind} ${twoDigits(count / browsers)}`)
    .join(', ');
}

async function main() {
  const allowance = allowanceFor(BROWSERS);
  progress(
    `${BROWSERS} browsers, one org of ${sizeLabel(SIZE)} person records, daily allowance ` +
      `${allowance}` +
      (RUN_OPTIONS.bulkThreshold ? `; Bulk threshold ${RUN_OPTIONS.bulkThreshold} by policy` : ''),
  );
  // The reference: one of the fleet's browsers alone in the same org, in the same run.
  const alone = await simulate(1, () => Infinity, 'one browser alone');
  const aloneMs = (night: Night) => alone.nights.find((n) => n.night === night)?.wallMs ?? 0;
  const fleet = await simulate(BROWSERS, (night) => compressionFor(aloneMs(night)), 'fleet');
  const { nights, runs } = fleet;

  const bench = await singleBrowserBench();
  const projections: Projection[] = [];
  // The fleet factor: a fleet browser's calls over the same browser's alone, measured here.
  const factors = nights.map((figures, i) => ({
    night: figures.night,
    factor: figures.perBrowser.mean / (alone.nights[i]?.apiCalls ?? figures.perBrowser.mean),
  }));
  if (bench) {
    const chromium = await chromiumNight();
    const measured = (p: CallPoint) =>
      bench.rows.some((r) => r.variant === p.variant && r.night === p.night && r.size === p.size);
    const points: CallPoint[] = [
      ...bench.rows,
      ...(chromium && !measured(chromium) ? [chromium] : []),
    ];
    for (const { night, factor } of factors) {
      projections.push(project(points, SIZE, BROWSERS, night, factor));
      projections.push(project(points, MODEL_SIZE, MODEL_REPS, night, factor));
    }
  }

  const result = {
    date: new Date().toISOString(),
    machine: { node: process.versions.node, cpus: cpus().length },
    settings: {
      browsers: BROWSERS,
      size: SIZE,
      compression:
        FIXED_COMPRESSION > 0
          ? FIXED_COMPRESSION
          : `auto (load ${LOAD}, ÷${MIN_COMPRESSION} to ÷${MAX_COMPRESSION})`,
      dailyApiLimit: allowance,
      modelSize: MODEL_SIZE,
      modelReps: MODEL_REPS,
      bulkThreshold: RUN_OPTIONS.bulkThreshold ?? null,
      singleBrowserBench: bench?.date ?? null,
    },
    durationMs: performance.now() - started,
    alone: alone.nights,
    nights,
    factors,
    projections,
    runs,
  };
  await mkdir(RESULTS, { recursive: true });
  const rounded = (_key: string, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
  await writeFile(join(RESULTS, OUTPUT), `${JSON.stringify(result, rounded, 2)}\n`);

  const percent = (share: number) => `${twoDigits(share * 100)} %`;
  const verdict = (c: TargetCheck) =>
    `${c.met ? 'met' : 'NOT met'}: ${compactCount(c.calls)} calls = ${percent(c.share)} of ` +
    `${compactCount(c.allowance)} (target ≤ ${percent(c.target)})`;
  const nightTable = textTable([
    [
      'night',
      'starts over',
      'cpu/wall',
      'API calls',
      'per browser min/mean/max',
      'runs at once peak/mean',
      'mean run',
      'requests at once (peak)',
      'long-running peak',
      'longest request',
      'Bulk jobs at once (peak)',
      'Bulk query jobs',
      'Bulk batches',
      'errors',
    ],
    ...nights.map((n) => [
      n.night,
      `${seconds(NIGHTLY_SPREAD_MS / n.compression)} (÷${n.compression})`,
      twoDigits(n.cpuMs / n.wallMs),
      String(n.apiCalls),
      `${n.perBrowser.min}/${twoDigits(n.perBrowser.mean)}/${n.perBrowser.max}`,
      `${n.peakRuns}/${twoDigits(n.meanRuns)}`,
      seconds(n.meanRunMs),
      String(n.concurrency.peakInFlight),
      `${n.concurrency.peakLongRunning} (limit ${n.concurrency.limit})`,
      seconds(n.concurrency.longestMs),
      String(n.bulk.peakActiveJobs),
      `${n.bulk.queryJobs.used}/${n.bulk.queryJobs.max}`,
      `${n.bulk.batches.used}/${n.bulk.batches.max}`,
      String(n.errorResponses.reduce((sum, e) => sum + e.count, 0) + n.failedRuns.length),
    ]),
  ]);
  const modelTable = textTable([
    [
      'night',
      'org',
      'reps',
      'single-browser bench',
      'fleet factor',
      'per browser',
      'fleet calls',
      'runs at once',
      'target',
    ],
    ...projections.map((p) => [
      p.night,
      sizeLabel(p.size),
      String(p.reps),
      `${twoDigits(p.perBrowserAlone.calls)} (${p.perBrowserAlone.basis})`,
      `${twoDigits(p.fleetFactor)}×`,
      twoDigits(p.perBrowser),
      compactCount(p.check.calls),
      twoDigits(runsAtOnce(p)),
      verdict(p.check),
    ]),
  ]);
  const errors = nights.flatMap((n) => [
    ...n.errorResponses.map((e) => `${n.night}: ${e.count} × ${e.kind} → ${e.status}`),
    ...n.failedRuns.map((r) => `${n.night}: browser ${r.index} ${r.status} ${r.errors.join('; ')}`),
  ]);
  const out = [
    '',
    `Fleet: ${BROWSERS} browsers, one org of ${sizeLabel(SIZE)} person records`,
    nightTable,
    '',
    'Calls per browser by kind (fleet mean | one browser alone):',
    ...nights.map(
      (n, i) => `  ${n.night}: ${kindLine(n, BROWSERS)} | ${kindLine(alone.nights[i], 1)}`,
    ),
    '',
    'Rows per browser, read / written (fleet mean | one browser alone):',
    ...nights.map(
      (n) => `  ${n.night}: ${rowsLine(runs[n.night])} | ${rowsLine(alone.runs[n.night])}`,
    ),
    '',
    "Fleet factor (a fleet browser's calls / the same browser alone in the org, same run):",
    ...factors.map(
      (f, i) =>
        `  ${f.night}: ${twoDigits(f.factor)}× (alone: ${alone.nights[i]?.apiCalls ?? '?'} calls)`,
    ),
    '',
    'Targets, simulated fleet (allowance 100,000 + 1,000 per browser):',
    ...nights.map((n) => `  ${n.night} night: ${verdict(n.target)}`),
    '',
    'Limit errors and failed runs:',
    ...(errors.length > 0 ? errors.map((e) => `  ${e}`) : ['  none']),
    '',
    bench
      ? `Model (single-browser bench of ${bench.date}, times the fleet factor, times the reps):`
      : 'Model: no bench/results/report.json (run `npm run bench` first)',
    ...(bench
      ? [
          modelTable,
          `runs at once: reps × calls per browser × ${SECONDS_PER_CALL} s a call / 30 min. ` +
            `A run alone had at most ${alone.nights.map((n) => n.concurrency.peakInFlight).join(' and ')} ` +
            `requests in flight (first and second night); only requests of ` +
            `${seconds(alone.nights[0]?.concurrency.longRunningMs ?? 20_000)} or more count toward ` +
            `the limit of ${alone.nights[0]?.concurrency.limit ?? 25}.`,
        ]
      : []),
    '',
    `Whole fleet bench: ${seconds(result.durationMs)}. Written: bench/results/${OUTPUT}`,
    '',
  ];
  process.stdout.write(out.join('\n'));
  if (errors.length > 0) process.exitCode = 1;
}

await main();
