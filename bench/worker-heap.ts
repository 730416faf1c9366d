import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { RunRecord } from '../src/lib/db/schema';
import { DEFAULT_RECONCILE_OPTIONS } from '../src/lib/reconcile/run';
import { defaultSettings } from '../src/lib/settings';
import { ask, launchExtension, OPTIONS_PAGE } from '../test/e2e/extension';
import { putUnsubscribes, storeSettings } from '../test/e2e/extension-store';
import { signIn } from '../test/e2e/org-pages';
import { RecordFactory } from '../test/e2e/records';
import { startEmulator } from '../test/emulator/index';
import { sizeLabel } from './format';
import { emulatorOptions, LATENCY, plannedClicks } from './scenario';
import { attachToServiceWorker, type HeapUsage, type WorkerSession } from './worker-cdp';

/**
 * `npm run bench:heap`: the first night of the bench's org (`scenario.ts`, 1M person records by
 * default, BENCH_HEAP_SIZE=100000 for a quick run, its modelled network unless BENCH_LATENCY=0)
 * reconciled by the built extension in Debian's Chromium, in its real service worker, against
 * the emulator on 127.0.0.1, started as the options page's "Run now" starts it. The worker's JS
 * heap is read through the DevTools protocol: `Runtime.getHeapUsage` every 250 ms while the run
 * goes on, after `HeapProfiler.collectGarbage` for the idle reading before and the reading after.
 * A sample counts garbage not yet collected, so the peak is what the worker's heap really
 * reached. Writes bench/results/worker-heap.json (another size: worker-heap-<size>.json, so a
 * quick run leaves the 1M report as it was); the target is a peak under 64 MB above the idle
 * worker.
 */

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');
const ONE_MILLION = 1_000_000;
const SIZE = Number(process.env.BENCH_HEAP_SIZE ?? ONE_MILLION);
/** The run is given this long before the bench gives up on it (minutes). */
const TIMEOUT_MIN = Number(process.env.BENCH_HEAP_TIMEOUT_MIN ?? 60);
const SAMPLE_MS = 250;
const POLL_MS = 500;
const TIMELINE_MS = 2_000;
const TARGET_MB = 64;
const MB = 1024 * 1024;

const started = performance.now();
const progress = (text: string) =>
  process.stderr.write(
    `[${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s] ${text}\n`,
  );
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  readonly atMs: number;
  readonly usedBytes: number;
  readonly phase: string;
}

/** Full collection, then the heap in use: what the worker holds, garbage aside. */
async function liveHeap(worker: WorkerSession): Promise<number> {
  await worker.send('HeapProfiler.collectGarbage');
  return (await worker.send<HeapUsage>('Runtime.getHeapUsage')).usedSize;
}

/** BENCH_HEAP_PROFILE=1: what the heap holds at its peak, by allocation site. */
const PROFILE = process.env.BENCH_HEAP_PROFILE === '1';

interface ProfileNode {
  readonly callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
    columnNumber: number;
  };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

/**
 * The sampling heap profile's bytes still in the heap (garbage not yet collected included), by
 * allocation site with its caller: the largest 25.
 */
function profileSites(head: ProfileNode): { site: string; mb: number }[] {
  const bySite = new Map<string, number>();
  const frame = (n: ProfileNode) => {
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    return `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}:${columnNumber + 1}`;
  };
  const walk = (node: ProfileNode, caller: string) => {
    const site = `${frame(node)} <- ${caller}`;
    if (node.selfSize > 0) bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, frame(node));
  };
  walk(head, '');
  return [...bySite]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([site, bytes]) => ({ site, mb: mb(bytes) }));
}

/** Samples the worker's heap until `stop()`; each sample is tagged with the run's phase. */
function sampleHeap(worker: WorkerSession, phase: () => string) {
  const samples: Sample[] = [];
  const atPeak: { usedBytes: number; usage?: HeapUsage; sites: { site: string; mb: number }[] } = {
    usedBytes: 0,
    sites: [],
  };
  let running = true;
  const t0 = performance.now();
  const loop = (async () => {
    if (PROFILE) await worker.send('HeapProfiler.startSampling', { samplingInterval: 16_384 });
    while (running) {
      const next = performance.now() + SAMPLE_MS;
      const usage = await worker.send<HeapUsage>('Runtime.getHeapUsage');
      samples.push({ atMs: performance.now() - t0, usedBytes: usage.usedSize, phase: phase() });
      if (PROFILE && usage.usedSize > atPeak.usedBytes + 2 * MB) {
        const { profile } = await worker.send<{ profile: { head: ProfileNode } }>(
          'HeapProfiler.getSamplingProfile',
        );
        atPeak.usedBytes = usage.usedSize;
        atPeak.usage = usage;
        atPeak.sites = profileSites(profile.head);
      }
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  return {
    samples,
    atPeak,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** The commit measured, marked when the work tree had changes on top of it. */
function codeVersion(): string {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  const changed = git('status', '--porcelain', 'src') !== '';
  return `${git('rev-parse', '--short', 'HEAD')}${changed ? '+changes' : ''}`;
}

const runsOf = async (options: Page, orgId: string) =>
  (await ask<{ runs: RunRecord[] }>(options, { type: 'runs', orgId })).runs;

async function main() {
  progress(`seeding the emulated org: ${sizeLabel(SIZE)} person records (bench/scenario.ts)`);
  const rssBefore = process.memoryUsage().rss;
  const seedStarted = performance.now();
  const emu = await startEmulator(emulatorOptions(SIZE));
  const seedMs = performance.now() - seedStarted;
  const seedRss = process.memoryUsage().rss - rssBefore;
  // The emulator serves from this process: its own peak while it answers the run.
  let nodePeakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    nodePeakRss = Math.max(nodePeakRss, process.memoryUsage().rss);
  }, SAMPLE_MS);
  progress(`seeded in ${(seedMs / 1000).toFixed(2)} s, Node RSS +${mb(seedRss)} MB`);
  const clicks = plannedClicks(emu, SIZE);

  const ext = await launchExtension(emu.port);
  let worker: WorkerSession | undefined;
  try {
    // The rep signs in (the worker uses the org's `sid`), and a record page teaches the
    // extension the org, so its options page lists it.
    const login = await ext.context.newPage();
    await signIn(emu, login);
    await login.close();
    const records = new RecordFactory(emu, () => ext.context);
    await (await records.open(records.take('Contact').id)).close();
    const options = await ext.openExtensionPage(OPTIONS_PAGE);
    await putUnsubscribes(options, emu.orgId, clicks);
    await storeSettings(options, { ...defaultSettings(emu.orgId), nightlySync: true });
    progress(`${clicks.length} clicks planted; the sync is on`);

    const browser = ext.context.browser();
    if (!browser) throw new Error('no browser behind the context: CDP unavailable');
    await ext.worker();
    worker = await attachToServiceWorker(browser, ext.extensionId);
    const idle = await liveHeap(worker);
    progress(`idle worker heap ${mb(idle)} MB`);

    let phase = 'starting';
    const sampler = sampleHeap(worker, () => phase);
    const callsBefore = emu.apiUsage.used;
    const runStarted = performance.now();
    const answer = await ask<{ ok: boolean }>(options, { type: 'run-now', orgId: emu.orgId });
    if (!answer.ok) throw new Error(`run-now refused: ${JSON.stringify(answer)}`);
    const deadline = runStarted + TIMEOUT_MIN * 60_000;
    let run: RunRecord | undefined;
    let lastLog = 0;
    for (;;) {
      await sleep(POLL_MS);
      run = (await runsOf(options, emu.orgId))[0];
      phase = run?.phase ?? 'starting';
      if (run && run.status !== 'running') break;
      if (performance.now() > deadline) break;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        const peak = Math.max(...sampler.samples.map((s) => s.usedBytes));
        progress(
          `${phase}: ${run?.progress.done ?? 0}/${run?.progress.total ?? '?'}, ` +
            `${run?.stats.read ?? 0} read, ${run?.stats.written ?? 0} written; ` +
            `peak so far ${mb(peak - idle)} MB above idle`,
        );
      }
    }
    const wallMs = performance.now() - runStarted;
    await sampler.stop();
    const after = await liveHeap(worker);
    const { samples } = sampler;
    const peak = Math.max(idle, ...samples.map((s) => s.usedBytes));
    const byPhase: Record<string, number> = {};
    for (const s of samples) byPhase[s.phase] = Math.max(byPhase[s.phase] ?? 0, s.usedBytes);
    // The heap's course, coarsely: the most in each window of the run.
    const timeline: { atSeconds: number; phase: string; aboveIdleMb: number }[] = [];
    for (const s of samples) {
      const at = Math.floor(s.atMs / TIMELINE_MS) * (TIMELINE_MS / 1000);
      const last = timeline.at(-1);
      if (last?.atSeconds === at) {
        last.aboveIdleMb = Math.max(last.aboveIdleMb, mb(s.usedBytes - idle));
        last.phase = s.phase;
      } else timeline.push({ atSeconds: at, phase: s.phase, aboveIdleMb: mb(s.usedBytes - idle) });
    }

    const timedOut = !run || run.status === 'running';
    const report = {
      date: new Date().toISOString(),
      commit: codeVersion(),
      machine: {
        node: process.versions.node,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memoryGb: Math.round(totalmem() / 1024 ** 3),
        browser: browser.version(),
      },
      size: SIZE,
      emulator: {
        seedSeconds: Math.round(seedMs / 100) / 10,
        seedRssMb: mb(seedRss),
        nodePeakRssMb: mb(nodePeakRss),
        modelledNetwork: LATENCY !== null,
      },
      plantedClicks: clicks.length,
      options: {
        bulkThreshold: DEFAULT_RECONCILE_OPTIONS.bulkThreshold,
        bulkWriteThreshold: DEFAULT_RECONCILE_OPTIONS.bulkWriteThreshold,
        bulkPageSize: DEFAULT_RECONCILE_OPTIONS.bulkPageSize,
        bulkJobRecords: DEFAULT_RECONCILE_OPTIONS.bulkJobRecords,
        bulkPollMs: DEFAULT_RECONCILE_OPTIONS.bulkPollMs,
        sampleMs: SAMPLE_MS,
      },
      run: {
        status: timedOut ? 'timed out' : run?.status,
        errors: run?.errors ?? [],
        wallSeconds: Math.round(wallMs / 100) / 10,
        read: run?.stats.read ?? 0,
        written: run?.stats.written ?? 0,
        imported: run?.stats.imported ?? 0,
        covered: run?.stats.covered ?? 0,
        apiCallsByRun: run?.stats.apiCalls ?? 0,
        apiCallsByEmulator: emu.apiUsage.used - callsBefore,
      },
      heapMb: {
        idle: mb(idle),
        peak: mb(peak),
        peakAboveIdle: mb(peak - idle),
        afterRunLive: mb(after),
        peakAboveIdleByPhase: Object.fromEntries(
          Object.entries(byPhase).map(([p, bytes]) => [p, mb(bytes - idle)]),
        ),
      },
      samples: samples.length,
      ...(PROFILE
        ? {
            peakProfile: {
              heapMb: mb(sampler.atPeak.usedBytes),
              usage: sampler.atPeak.usage,
              sites: sampler.atPeak.sites,
            },
          }
        : {}),
      timeline,
      targetMb: TARGET_MB,
      withinTarget: peak - idle < TARGET_MB * MB,
    };
    const file = SIZE === ONE_MILLION ? 'worker-heap.json' : `worker-heap-${sizeLabel(SIZE)}.json`;
    progress(`writing bench/results/${file}`);
    await mkdir(RESULTS, { recursive: true });
    await writeFile(join(RESULTS, file), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.run.status !== 'done') process.exitCode = 1;
  } finally {
    clearInterval(rssTimer);
    await worker?.close();
    await ext.close();
    await emu.close();
  }
}

await main();
