import type { LatencyOptions } from '../test/emulator/index';

/** The shapes of the report: one row per size, variant and run; ratios within one bench run. */

export type Variant =
  | 'product'
  | 'product-same-email-off'
  | 'product-rest-only'
  | 'product-bulk-always'
  | 'baseline'
  | 'naive';
export type Night = 'first' | 'second';

export const VARIANT_LABELS: Readonly<Record<Variant, string>> = {
  product: 'product (default threshold)',
  'product-same-email-off': 'product, record by record (sameEmail off)',
  'product-rest-only': 'product, REST only',
  'product-bulk-always': 'product, Bulk 2.0 always',
  baseline: 'fair jsforce baseline',
  naive: 'naive jsforce (a request a record)',
};

export interface Row {
  readonly size: number;
  readonly variant: Variant;
  readonly night: Night;
  /** Fresh emulator and store each time; the figures below are the medians. */
  readonly repeats: number;
  readonly wallMs: number;
  readonly wallMsEach: readonly number[];
  /** Counted by the emulator. */
  readonly apiCalls: number;
  /** Counted by the run itself (`stats.apiCalls`); null for the baseline, which keeps no count. */
  readonly runApiCalls: number | null;
  readonly peakRssMb: number;
  readonly peakRssDeltaMb: number;
  readonly peakHeapDeltaMb: number;
  /** The heap the run held, after a full collection, at its most (sampled each second). */
  readonly liveHeapDeltaMb: number;
  readonly read: number;
  readonly imported: number;
  /** Opted out because another record of their address is (the same-email rule). */
  readonly covered: number;
  readonly written: number;
  readonly failed: number;
  readonly status: string;
  /** SPEC R5 checked behind the API's back after the run: 'ok' or what is wrong. */
  readonly check: string;
}

/** One measured night, before the repeats are folded into a row. */
export type Sample = Omit<Row, 'repeats' | 'wallMsEach'>;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Medians of the repeats; the counts and outcomes of the first, unless a repeat went wrong. */
export function fold(samples: readonly Sample[]): Row {
  const first = samples[0];
  if (!first) throw new Error('no samples');
  const of = (pick: (s: Sample) => number) => median(samples.map(pick));
  const wrong = samples.find((s) => s.check !== 'ok' || s.status !== 'done');
  return {
    ...(wrong ?? first),
    repeats: samples.length,
    wallMs: of((s) => s.wallMs),
    wallMsEach: samples.map((s) => s.wallMs),
    apiCalls: of((s) => s.apiCalls),
    runApiCalls: first.runApiCalls === null ? null : of((s) => s.runApiCalls ?? 0),
    peakRssMb: of((s) => s.peakRssMb),
    peakRssDeltaMb: of((s) => s.peakRssDeltaMb),
    peakHeapDeltaMb: of((s) => s.peakHeapDeltaMb),
    liveHeapDeltaMb: of((s) => s.liveHeapDeltaMb),
  };
}

export interface Ratio {
  readonly size: number;
  readonly night: Night;
  /** product / baseline: below 1 the product is cheaper. */
  readonly wall: number;
  readonly apiCalls: number;
  readonly peakHeapDelta: number;
  readonly productCalls: number;
  readonly baselineCalls: number;
  /** The naive script's, where it ran (`naive / product` wall, and its calls). */
  readonly naive: { readonly wall: number; readonly calls: number } | null;
  /** The bound on the product's calls for this night (`callBound`). */
  readonly callBound: number;
}

/**
 * Issue 12's bound on a REST night's API calls: a call per 10,000 rows read, per 1,000 rows
 * written, and 2 more (e.g. the limits and describe calls).
 */
export const callBound = (row: Pick<Row, 'read' | 'written'>): number =>
  Math.ceil(row.read / 10_000) + Math.ceil(row.written / 1000) + 2;

/** The same-email rule's cost: the product with it on (default) over the same run with it off. */
export interface SameEmailRatio {
  readonly size: number;
  readonly night: Night;
  readonly apiCalls: number;
  readonly peakHeapDelta: number;
  readonly wall: number;
}

/** Who is in the org: distinct addresses of writable records, and those with two or more. */
export interface PeopleAtSize {
  readonly size: number;
  readonly people: number;
  readonly withSecondRecord: number;
}

export interface Report {
  readonly date: string;
  readonly machine: {
    readonly node: string;
    readonly platform: string;
    readonly arch: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGb: number;
  };
  readonly settings: {
    readonly sizes: readonly number[];
    readonly repeats: number;
    /** The modelled network, or null when BENCH_LATENCY=0. */
    readonly latency: LatencyOptions | null;
    readonly seed: number;
    readonly optedOutRate: number;
    readonly clickRate: number;
    readonly sameEmailRate: number;
    readonly distinctEmails: boolean;
    readonly bulkJobDelayMs: number;
    readonly bulkPollMs: { readonly product: number; readonly baseline: number };
    readonly defaultBulkThreshold: number;
  };
  readonly durationMs: number;
  readonly people: readonly PeopleAtSize[];
  readonly rows: readonly Row[];
  readonly ratios: readonly Ratio[];
  readonly sameEmailRatios: readonly SameEmailRatio[];
}

export function sameEmailRatios(rows: readonly Row[]): SameEmailRatio[] {
  const result: SameEmailRatio[] = [];
  for (const on of rows.filter((r) => r.variant === 'product')) {
    const off = rows.find(
      (r) => r.variant === 'product-same-email-off' && r.size === on.size && r.night === on.night,
    );
    if (!off) continue;
    result.push({
      size: on.size,
      night: on.night,
      apiCalls: on.apiCalls / off.apiCalls,
      peakHeapDelta: on.peakHeapDeltaMb / Math.max(off.peakHeapDeltaMb, 0.1),
      wall: on.wallMs / off.wallMs,
    });
  }
  return result;
}

export function ratios(rows: readonly Row[]): Ratio[] {
  const result: Ratio[] = [];
  for (const product of rows.filter((r) => r.variant === 'product')) {
    const base = rows.find(
      (r) => r.variant === 'baseline' && r.size === product.size && r.night === product.night,
    );
    if (!base) continue;
    const naive = rows.find(
      (r) => r.variant === 'naive' && r.size === product.size && r.night === product.night,
    );
    result.push({
      size: product.size,
      night: product.night,
      wall: product.wallMs / base.wallMs,
      apiCalls: product.apiCalls / base.apiCalls,
      peakHeapDelta: product.peakHeapDeltaMb / Math.max(base.peakHeapDeltaMb, 0.1),
      productCalls: product.apiCalls,
      baselineCalls: base.apiCalls,
      naive: naive ? { wall: naive.wallMs / product.wallMs, calls: naive.apiCalls } : null,
      callBound: callBound(product),
    });
  }
  return result;
}
