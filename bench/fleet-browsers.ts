import { IDBFactory } from 'fake-indexeddb';
import { toId18 } from '../src/lib/ids';
import { nightlyPlan } from '../src/lib/nightly-due';
import { reconcile, startOrResumeRun, type ReconcileOptions } from '../src/lib/reconcile/run';
import { nextNightlyRun, nightlyOffsetMs } from '../src/lib/schedule';
import type { Emulator } from '../test/emulator/index';
import { harness, type Harness } from '../test/integration/reconcile-harness';
import { plantClicks } from './scenario';

/**
 * The browsers of a fleet: each has a store of its own (a fake-indexeddb `IDBFactory` of its
 * own, so no browser sees another's databases), its own rep (a user Id of its own) and its own
 * clicks (a share of the scenario's), and runs the product's `reconcile()` through the
 * reconcile harness's pieces, as the nightly schedule starts it.
 */

export interface FleetBrowser {
  readonly index: number;
  readonly userId: string;
  /** This browser's start after 20:00 Pacific, from the product's schedule (`nightlyPlan`). */
  readonly offsetMs: number;
  readonly clicks: number;
  readonly harness: Harness;
}

/** The result of one browser's night. */
export interface BrowserNight {
  readonly index: number;
  readonly offsetMs: number;
  /** Simulated start, ms after the night's first possible start. */
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly apiCalls: number;
  readonly status: string;
  readonly errors: readonly string[];
  readonly read: number;
  readonly written: number;
}

/** A rep's user Id (`005…`), distinct per browser, 18 characters as the product stores it. */
function userIdOf(index: number): string {
  const id = toId18(`005${String(index + 1).padStart(12, '0')}`);
  if (!id) throw new Error(`no user Id for browser ${index}`);
  return id;
}

/**
 * When this org's nightly run is due after `night`'s 20:00 Pacific, as the product's schedule
 * computes it: `nightlyPlan` with the browser's own offset (a hash of org and user Ids).
 */
function dueOffsetMs(orgId: string, userId: string, night: Date): number {
  const offsetMs = nightlyOffsetMs(orgId, userId);
  const eight = nextNightlyRun(night).getTime();
  const plan = nightlyPlan(night.getTime(), [{ orgId, offsetMs, dueAt: null }], false);
  return (plan.dueAt[orgId] ?? eight) - eight;
}

/**
 * `count` browsers, the i-th with the i-th of `shareOf` equal shares of the clicks (one browser
 * with 1 of 100 shares: a fleet browser alone in its org, the bench's reference).
 */
export async function createBrowsers(
  emu: Emulator,
  count: number,
  size: number,
  options: Partial<ReconcileOptions> = {},
  shareOf = count,
): Promise<FleetBrowser[]> {
  // Any evening before 20:00 Pacific: only the offset after 20:00 matters.
  const evening = new Date(nextNightlyRun(new Date()).getTime() - 60 * 60 * 1000);
  const browsers: FleetBrowser[] = [];
  for (let index = 0; index < count; index++) {
    // The harness opens its database on the global factory: each browser gets a new one.
    globalThis.indexedDB = new IDBFactory();
    const h = await harness(emu, {}, options);
    const userId = userIdOf(index);
    // Every rep clicked records of their own before the night: all planted before any run.
    const clicks = await plantClicks(emu, h.db, size, { index, of: shareOf });
    browsers.push({
      index,
      userId,
      offsetMs: dueOffsetMs(emu.orgId, userId, evening),
      clicks: clicks.length,
      harness: h,
    });
  }
  return browsers;
}

/**
 * One night of the fleet: each browser starts at its own offset divided by `compression`
 * (30 minutes of starts in 30 / compression minutes), all against the one org. Resolves when
 * every run has ended, with each browser's night and the most runs under way at once.
 */
export async function runNight(
  browsers: readonly FleetBrowser[],
  compression: number,
  onRunEnd: (night: BrowserNight) => void,
): Promise<{ nights: BrowserNight[]; peakRuns: number }> {
  const nightStart = performance.now();
  let running = 0;
  let peakRuns = 0;
  const one = async (browser: FleetBrowser): Promise<BrowserNight> => {
    await new Promise((resolve) => setTimeout(resolve, browser.offsetMs / compression));
    running += 1;
    peakRuns = Math.max(peakRuns, running);
    const started = performance.now();
    try {
      const deps = browser.harness.deps();
      const run = await reconcile(deps, await startOrResumeRun(deps, 'schedule'));
      const night: BrowserNight = {
        index: browser.index,
        offsetMs: browser.offsetMs,
        startedAtMs: started - nightStart,
        durationMs: performance.now() - started,
        apiCalls: run.stats.apiCalls,
        status: run.status,
        errors: run.errors.map((e) => `${e.code}: ${e.message}`),
        read: run.stats.read,
        written: run.stats.written,
      };
      onRunEnd(night);
      return night;
    } finally {
      running -= 1;
    }
  };
  const nights = await Promise.all(browsers.map(one));
  return { nights, peakRuns };
}
