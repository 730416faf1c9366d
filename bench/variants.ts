import { openDatabase } from '../src/lib/db/open';
import type { ReconcileOptions } from '../src/lib/reconcile/run';
import { startEmulator } from '../test/emulator/index';
import { harness } from '../test/integration/reconcile-harness';
import { baselineConnection, scriptReconcile, type ScriptStyle } from './baseline';
import { freshIndexedDb } from './fresh-idb';
import { measure, type Measurement } from './measure';
import type { Night, Sample, Variant } from './model';
import { BULK_POLL, emulatorOptions, plantClicks } from './scenario';
import { bothSidesHold } from './verify';

/**
 * One variant at one size, in a fresh emulator and a fresh fake-indexeddb: the stored clicks
 * are planted, then the first night (a full pass) and a second night with nothing changed are
 * measured. Returns the two rows and the planted record Ids (the same for every variant).
 * Every variant but "sameEmail off" applies the same-email rule, the baseline included.
 */

export interface VariantResult {
  readonly nights: [Sample, Sample];
  readonly clicks: string[];
}

interface Outcome {
  readonly runApiCalls: number | null;
  readonly read: number;
  readonly imported: number;
  readonly covered: number;
  readonly written: number;
  readonly failed: number;
  readonly status: string;
}

const sample = (
  size: number,
  variant: Variant,
  night: Night,
  m: Measurement<Outcome>,
  check: string,
): Sample => ({
  size,
  variant,
  night,
  wallMs: m.wallMs,
  apiCalls: m.apiCalls,
  runApiCalls: m.value.runApiCalls,
  peakRssMb: m.peakRssMb,
  peakRssDeltaMb: m.peakRssDeltaMb,
  peakHeapDeltaMb: m.peakHeapDeltaMb,
  liveHeapDeltaMb: m.liveHeapDeltaMb,
  read: m.value.read,
  imported: m.value.imported,
  covered: m.value.covered,
  written: m.value.written,
  failed: m.value.failed,
  status: m.value.status,
  check,
});

type ProductVariant = Exclude<Variant, 'baseline' | 'naive'>;

export const THRESHOLDS: Readonly<Record<ProductVariant, number | null>> = {
  product: null,
  'product-same-email-off': null,
  'product-rest-only': Infinity,
  'product-bulk-always': 0,
};

/** Whether a variant runs (and is checked) with the same-email rule; the product's default is on. */
export const sameEmailOf = (variant: Variant): boolean => variant !== 'product-same-email-off';

export async function runProduct(size: number, variant: ProductVariant): Promise<VariantResult> {
  const emu = await startEmulator(emulatorOptions(size));
  try {
    freshIndexedDb();
    const threshold = THRESHOLDS[variant];
    const options: Partial<ReconcileOptions> = {
      bulkPollMs: BULK_POLL.product,
      ...(threshold === null ? {} : { bulkThreshold: threshold }),
    };
    const sameEmail = sameEmailOf(variant);
    const h = await harness(emu, sameEmail ? {} : { sameEmail: false }, options);
    const clicks = await plantClicks(emu, h.db, size);
    const nights: Sample[] = [];
    for (const night of ['first', 'second'] as const) {
      const m = await measure(emu, async (): Promise<Outcome> => {
        const run = await h.run();
        const { stats } = run;
        return {
          ...stats,
          covered: stats.covered ?? 0,
          runApiCalls: stats.apiCalls,
          status: run.status,
        };
      });
      nights.push(sample(size, variant, night, m, await bothSidesHold(emu, h.db, { sameEmail })));
    }
    h.db.close();
    return { nights: nights as [Sample, Sample], clicks };
  } finally {
    await emu.close();
  }
}

/** A script of the same jsforce (`baseline.ts`): the fair baseline, or the naive one. */
export async function runScript(size: number, style: ScriptStyle): Promise<VariantResult> {
  const variant = style === 'fair' ? 'baseline' : 'naive';
  const emu = await startEmulator(emulatorOptions(size));
  try {
    freshIndexedDb();
    const db = await openDatabase(`${variant}-${size}`);
    const conn = baselineConnection(emu);
    const clicks = await plantClicks(emu, db, size);
    const nights: Sample[] = [];
    for (const night of ['first', 'second'] as const) {
      const m = await measure(emu, async (): Promise<Outcome> => {
        const stats = await scriptReconcile(emu, conn, db, {
          style,
          sameEmail: true,
          bulkPollMs: BULK_POLL.baseline,
        });
        return { ...stats, runApiCalls: null, status: 'done' };
      });
      const check = await bothSidesHold(emu, db, { sameEmail: true });
      nights.push(sample(size, variant, night, m, check));
    }
    db.close();
    return { nights: nights as [Sample, Sample], clicks };
  } finally {
    await emu.close();
  }
}
