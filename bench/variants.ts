import { openDatabase } from '../src/lib/db/open';
import type { ReconcileOptions } from '../src/lib/reconcile/run';
import { startEmulator } from '../test/emulator/index';
import { harness } from '../test/integration/reconcile-harness';
import { baselineConnection, naiveReconcile } from './baseline';
import { freshIndexedDb } from './fresh-idb';
import { measure, type Measurement } from './measure';
import type { Night, Sample, Variant } from './model';
import { emulatorOptions, plantClicks } from './scenario';
import { bothSidesHold } from './verify';

/**
 * One variant at one size, in a fresh emulator and a fresh fake-indexeddb: the stored clicks
 * are planted, then the first night (a full pass) and a second night with nothing changed are
 * measured. Returns the two rows and the planted record Ids (the same for every variant).
 */

export interface VariantResult {
  readonly nights: [Sample, Sample];
  readonly clicks: string[];
}

interface Outcome {
  readonly runApiCalls: number | null;
  readonly read: number;
  readonly imported: number;
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
  read: m.value.read,
  imported: m.value.imported,
  written: m.value.written,
  failed: m.value.failed,
  status: m.value.status,
  check,
});

export const THRESHOLDS: Readonly<Record<Exclude<Variant, 'baseline'>, number | null>> = {
  product: null,
  'product-rest-only': Infinity,
  'product-bulk-always': 0,
};

export async function runProduct(
  size: number,
  variant: Exclude<Variant, 'baseline'>,
): Promise<VariantResult> {
  const emu = await startEmulator(emulatorOptions(size));
  try {
    freshIndexedDb();
    const threshold = THRESHOLDS[variant];
    const options: Partial<ReconcileOptions> =
      threshold === null ? {} : { bulkThreshold: threshold };
    const h = await harness(emu, {}, options);
    const clicks = await plantClicks(emu, h.db, size);
    const nights: Sample[] = [];
    for (const night of ['first', 'second'] as const) {
      const m = await measure(emu, async (): Promise<Outcome> => {
        const run = await h.run();
        return { ...run.stats, runApiCalls: run.stats.apiCalls, status: run.status };
      });
      nights.push(sample(size, variant, night, m, await bothSidesHold(emu, h.db)));
    }
    h.db.close();
    return { nights: nights as [Sample, Sample], clicks };
  } finally {
    await emu.close();
  }
}

export async function runBaseline(size: number): Promise<VariantResult> {
  const emu = await startEmulator(emulatorOptions(size));
  try {
    freshIndexedDb();
    const db = await openDatabase(`baseline-${size}`);
    const conn = baselineConnection(emu);
    const clicks = await plantClicks(emu, db, size);
    const nights: Sample[] = [];
    for (const night of ['first', 'second'] as const) {
      const m = await measure(emu, async (): Promise<Outcome> => {
        const stats = await naiveReconcile(emu, conn, db);
        return { ...stats, runApiCalls: null, status: stats.capped ? 'capped' : 'done' };
      });
      nights.push(sample(size, 'baseline', night, m, await bothSidesHold(emu, db)));
    }
    db.close();
    return { nights: nights as [Sample, Sample], clicks };
  } finally {
    await emu.close();
  }
}
