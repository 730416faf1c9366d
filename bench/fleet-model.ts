import type { Night, Row } from './model';

/**
 * The fleet's budget and the model that carries the simulation to other org sizes and fleets.
 *
 * An Enterprise org's daily API allowance is 100,000 requests plus 1,000 per user licence
 * ("API Request Limits and Allocations", Salesforce Developer Limits and Allocations Quick
 * Reference,
 * https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html).
 * Issue 12's targets: the whole fleet's first night within 5 % of it, every later night within
 * 1 %.
 */
const BASE_ALLOWANCE = 100_000;
const PER_LICENCE = 1_000;
const TARGET_SHARE: Readonly<Record<Night, number>> = { first: 0.05, second: 0.01 };

export const allowanceFor = (licences: number): number => BASE_ALLOWANCE + PER_LICENCE * licences;

/** One browser's calls for a night at an org size, as a bench measured them. */
export type CallPoint = Pick<Row, 'variant' | 'night' | 'size' | 'apiCalls'>;

export interface CallsAtSize {
  readonly calls: number;
  /** `measured` at that size, `interpolated` between two, `extrapolated` beyond the largest. */
  readonly basis: 'measured' | 'interpolated' | 'extrapolated';
}

/**
 * One browser's API calls for a night at an org size, from the single-browser bench's product
 * rows (`bench/results/report.json`): the measured figure at a measured size; between two,
 * linear in size; beyond the largest, linear through the two largest. Above the Bulk threshold a
 * read costs a few calls per 50,000-row page while below it a REST read costs one per 2,000 rows,
 * so the line through 10k and 100k rises faster than the calls do: an extrapolated figure is an
 * upper bound, not an estimate.
 */
export function callsPerBrowser(
  rows: readonly CallPoint[],
  size: number,
  night: Night,
): CallsAtSize {
  const points = rows
    .filter((r) => r.variant === 'product' && r.night === night)
    .map((r) => ({ size: r.size, calls: r.apiCalls }))
    .sort((a, b) => a.size - b.size);
  const exact = points.find((p) => p.size === size);
  if (exact) return { calls: exact.calls, basis: 'measured' };
  if (points.length < 2) throw new Error('the single-browser bench has fewer than two sizes');
  const upper = points.findIndex((p) => p.size > size);
  const [a, b] =
    upper > 0
      ? [points[upper - 1], points[upper]]
      : upper === 0
        ? [points[0], points[1]]
        : [points.at(-2), points.at(-1)];
  if (!a || !b) throw new Error('unreachable: two points were checked');
  const calls = a.calls + ((b.calls - a.calls) * (size - a.size)) / (b.size - a.size);
  return { calls: Math.max(0, calls), basis: upper > 0 ? 'interpolated' : 'extrapolated' };
}

export interface TargetCheck {
  readonly night: Night;
  readonly calls: number;
  readonly allowance: number;
  /** calls / allowance */
  readonly share: number;
  readonly target: number;
  readonly met: boolean;
}

export function checkTarget(night: Night, calls: number, licences: number): TargetCheck {
  const allowance = allowanceFor(licences);
  const share = calls / allowance;
  return {
    night,
    calls,
    allowance,
    share,
    target: TARGET_SHARE[night],
    met: share <= TARGET_SHARE[night],
  };
}

export interface Projection {
  readonly size: number;
  readonly reps: number;
  readonly night: Night;
  /** One browser alone (the single-browser bench), then with the fleet's effect applied. */
  readonly perBrowserAlone: CallsAtSize;
  readonly fleetFactor: number;
  readonly perBrowser: number;
  readonly check: TargetCheck;
}

/**
 * A fleet of `reps` browsers at `size`: one browser's calls at that size times the fleet factor
 * measured in the simulation (a browser's mean calls in the fleet over the same night's calls of
 * a browser alone at the simulated size: what the other browsers' writes add to each one's
 * reads), times the reps.
 */
export function project(
  rows: readonly CallPoint[],
  size: number,
  reps: number,
  night: Night,
  fleetFactor: number,
): Projection {
  const perBrowserAlone = callsPerBrowser(rows, size, night);
  const perBrowser = perBrowserAlone.calls * fleetFactor;
  return {
    size,
    reps,
    night,
    perBrowserAlone,
    fleetFactor,
    perBrowser,
    check: checkTarget(night, perBrowser * reps, reps),
  };
}
