import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RECONCILE_OPTIONS } from '../src/lib/reconcile/run';
import { chartSvg } from './chart';
import { seconds, sizeLabel } from './format';
import {
  fold,
  ratios,
  sameEmailRatios,
  VARIANT_LABELS,
  type PeopleAtSize,
  type Report,
  type Row,
  type Sample,
  type Variant,
} from './model';
import { renderPng } from './png';
import { reportMarkdown } from './report-md';
import { startEmulator } from '../test/emulator/index';
import {
  BULK_JOB_DELAY_MS,
  BULK_POLL,
  CLICK_RATE,
  countPeople,
  emulatorOptions,
  LATENCY,
  OPTED_OUT_RATE,
  SAME_EMAIL_RATE,
  SEED,
} from './scenario';
import {
  figureCells,
  peopleCells,
  ratioCells,
  sameEmailCells,
  textTable,
  thresholdCells,
} from './table';
import { runProduct, runScript, type VariantResult } from './variants';

/**
 * `npm run bench`: the nightly reconcile against a fair jsforce baseline at 1k, 10k and 100k
 * person records (and 1M with BENCH_1M=1), over a modelled network (BENCH_LATENCY=0: none),
 * the same-email rule on and off, plus the bulk threshold at 10k and above. Prints
 * the tables and writes bench/results/report.{json,md,svg,png}. See bench/README.md.
 */

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');
/**
 * The report's file name (`report`): BENCH_REPORT=report-1m keeps a run of chosen sizes or
 * variants beside the default report instead of over it.
 */
const REPORT = /^[a-z0-9-]+$/.test(process.env.BENCH_REPORT ?? '')
  ? (process.env.BENCH_REPORT as string)
  : 'report';
const ONE_MILLION = 1_000_000;

function sizesToRun(): number[] {
  const listed = process.env.BENCH_SIZES?.split(',')
    .map((s) => Number(s.trim()))
    .filter((s) => Number.isInteger(s) && s >= 100);
  const sizes = listed?.length ? listed : [1000, 10_000, 100_000];
  if (process.env.BENCH_1M === '1' && !sizes.includes(ONE_MILLION)) sizes.push(ONE_MILLION);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** BENCH_VARIANTS=product,baseline: only those variants (a 1M run of the product alone). */
const chosenVariants = process.env.BENCH_VARIANTS?.split(',').map((v) => v.trim());

/**
 * The naive script (a request a record) runs below this size, once: at 100k its ~6,000 writes
 * are ~6,000 round trips, ten minutes a night with the modelled network, and its figures follow
 * from its counts (BENCH_VARIANTS=naive BENCH_SIZES=100000 measures them).
 */
const NAIVE_BELOW = 100_000;

function variantsAt(size: number): Variant[] {
  const threshold = DEFAULT_RECONCILE_OPTIONS.bulkThreshold;
  const all: Variant[] = [
    'product',
    'product-same-email-off',
    ...(size >= threshold ? (['product-rest-only'] as const) : []),
    ...(size >= threshold && size < ONE_MILLION ? (['product-bulk-always'] as const) : []),
    'baseline',
    ...(size < NAIVE_BELOW || chosenVariants?.includes('naive') ? (['naive'] as const) : []),
  ];
  return chosenVariants ? all.filter((v) => chosenVariants.includes(v)) : all;
}

const started = performance.now();
const progress = (text: string) =>
  process.stderr.write(
    `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}\n`,
  );

function runVariant(size: number, variant: Variant): Promise<VariantResult> {
  if (variant === 'baseline') return runScript(size, 'fair');
  if (variant === 'naive') return runScript(size, 'naive');
  return runProduct(size, variant);
}

async function main() {
  const sizes = sizesToRun();
  const repeats = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3) || 3);
  progress(
    `sizes ${sizes.map(sizeLabel).join(', ')}; ${repeats} runs each (1M: one); ` +
      (LATENCY ? `modelled network, ${LATENCY.roundTripMs} ms round trips` : 'no network latency'),
  );
  progress('warm-up at 1k (not reported)');
  await runProduct(1000, 'product');
  await runScript(1000, 'fair');

  const rows: Row[] = [];
  const people: PeopleAtSize[] = [];
  for (const size of sizes) {
    const emu = await startEmulator(emulatorOptions(size));
    people.push({ size, ...countPeople(emu) });
    await emu.close();
    const variants = variantsAt(size);
    const samples = new Map<Variant, Sample[][]>(variants.map((v) => [v, [[], []]]));
    let planted: string | null = null;
    const times = size >= ONE_MILLION ? 1 : repeats;
    for (let rep = 1; rep <= times; rep++) {
      // Each repeat starts with another variant, so no variant always pays for going first.
      const shift = (rep - 1) % variants.length;
      for (const variant of [...variants.slice(shift), ...variants.slice(0, shift)]) {
        // Its wall time is its round trips, which do not vary: one run says it.
        if (variant === 'naive' && rep > 1) continue;
        const result = await runVariant(size, variant);
        // Every variant must see the same night: same org, same stored clicks.
        const clicks = result.clicks.join();
        if (planted !== null && clicks !== planted) throw new Error('planted clicks differ');
        planted = clicks;
        result.nights.forEach((night, i) => samples.get(variant)?.[i]?.push(night));
        const [first, second] = result.nights;
        progress(
          `${sizeLabel(size)} ${VARIANT_LABELS[variant]}, run ${rep}/${times}: ` +
            `first ${seconds(first.wallMs)}, ${first.apiCalls} calls, ${first.check}; ` +
            `second ${seconds(second.wallMs)}, ${second.apiCalls} calls, ${second.check}`,
        );
      }
    }
    for (const variant of variants)
      for (const nights of samples.get(variant) ?? []) rows.push(fold(nights));
  }

  const report: Report = {
    date: new Date().toISOString(),
    machine: {
      node: process.versions.node,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1024 ** 3),
    },
    settings: {
      sizes,
      repeats,
      latency: LATENCY,
      seed: SEED,
      optedOutRate: OPTED_OUT_RATE,
      clickRate: CLICK_RATE,
      sameEmailRate: SAME_EMAIL_RATE,
      distinctEmails: emulatorOptions(1000).distinctEmails ?? false,
      bulkJobDelayMs: BULK_JOB_DELAY_MS,
      bulkPollMs: BULK_POLL,
      defaultBulkThreshold: DEFAULT_RECONCILE_OPTIONS.bulkThreshold,
    },
    durationMs: 0,
    people,
    rows,
    ratios: ratios(rows),
    sameEmailRatios: sameEmailRatios(rows),
  };

  progress(`writing bench/results/${REPORT}.*`);
  await mkdir(RESULTS, { recursive: true });
  // The whole bench's time up to here: the PNG's rendering (a few seconds) is not in it.
  const done: Report = { ...report, durationMs: performance.now() - started };
  const svg = chartSvg(done);
  await renderPng(svg, join(RESULTS, `${REPORT}.png`));
  const rounded = (_key: string, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 100) / 100 : value;
  await writeFile(join(RESULTS, `${REPORT}.json`), `${JSON.stringify(done, rounded, 2)}\n`);
  await writeFile(join(RESULTS, `${REPORT}.svg`), svg);
  await writeFile(join(RESULTS, `${REPORT}.md`), reportMarkdown(done, `${REPORT}.png`));

  const out = [
    '',
    'Figures (medians):',
    textTable(figureCells(done)),
    '',
    'People:',
    textTable(peopleCells(done)),
    '',
    'Same-email rule, on / off:',
    textTable(sameEmailCells(done)),
    '',
    'Product / fair baseline:',
    textTable(ratioCells(done)),
    '',
    'Bulk threshold, first night:',
    thresholdCells(done).length > 1
      ? textTable(thresholdCells(done))
      : '(not measured at these sizes: only from 10k up)',
    '',
    `Whole bench: ${seconds(done.durationMs)}. Written: bench/results/${REPORT}.{json,md,svg,png}`,
    '',
  ];
  process.stdout.write(out.join('\n'));
  const wrong = rows.filter((r) => r.check !== 'ok' || r.status !== 'done');
  if (wrong.length > 0) {
    process.stderr.write(`${wrong.length} run(s) did not end with both sides equal (see table)\n`);
    process.exitCode = 1;
  }
}

await main();
