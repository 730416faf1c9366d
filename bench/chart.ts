import { compactCount, ratio, seconds, sizeLabel, twoDigits } from './format';
import type { Night, Report, Row, Variant } from './model';
import { barPanel, escapeXml, type BarPanel, type Series } from './svg-bars';

/**
 * The report as one SVG page: wall time, API calls and peak heap growth per size (product
 * against the fair baseline, both nights), the same-email rule on against off, then the
 * bulk-threshold comparison, then a notes box with the machine and the ratios. The layout depends only on the sizes run.
 */

const WIDTH = 1200;
const PANEL_WIDTH = 580;
const PANEL_HEIGHT = 360;
const HEADER = 64;
const GAP = 20;
const MARGIN = (WIDTH - 2 * PANEL_WIDTH - GAP) / 2;

const NO_THRESHOLD = 'not measured at these sizes (only from 10k up)';

const PRODUCT_VS_BASELINE: readonly (Series & { variant: Variant; night: Night })[] = [
  { label: 'product, 1st night', color: '#1c64d4', variant: 'product', night: 'first' },
  { label: 'fair baseline, 1st night', color: '#d9480f', variant: 'baseline', night: 'first' },
  { label: 'product, 2nd night', color: '#82b1f5', variant: 'product', night: 'second' },
  { label: 'fair baseline, 2nd night', color: '#f5a878', variant: 'baseline', night: 'second' },
];

const SAME_EMAIL: readonly (Series & { variant: Variant; night: Night })[] = [
  { label: 'sameEmail on, 1st night', color: '#1c64d4', variant: 'product', night: 'first' },
  {
    label: 'sameEmail off, 1st night',
    color: '#868e96',
    variant: 'product-same-email-off',
    night: 'first',
  },
  { label: 'on, 2nd night', color: '#82b1f5', variant: 'product', night: 'second' },
  { label: 'off, 2nd night', color: '#ced4da', variant: 'product-same-email-off', night: 'second' },
];

/** The bulk-threshold variants, the default labelled with the report's own default. */
const thresholdSeries = (defaultThreshold: number): readonly (Series & { variant: Variant })[] => [
  { label: 'REST only (threshold ∞)', color: '#2b8a3e', variant: 'product-rest-only' },
  {
    label: `default (${defaultThreshold.toLocaleString('en-US')})`,
    color: '#1c64d4',
    variant: 'product',
  },
  { label: 'Bulk 2.0 always (0)', color: '#862e9c', variant: 'product-bulk-always' },
];

function find(rows: readonly Row[], size: number, variant: Variant, night: Night) {
  return rows.find((r) => r.size === size && r.variant === variant && r.night === night) ?? null;
}

export function chartSvg(report: Report): string {
  const sizes = report.settings.sizes;
  const thresholdSizes = sizes.filter((s) =>
    report.rows.some((r) => r.size === s && r.variant === 'product-rest-only'),
  );
  const versus = (pick: (r: Row) => number, series = PRODUCT_VS_BASELINE) =>
    sizes.map((size) =>
      series.map((s) => {
        const row = find(report.rows, size, s.variant, s.night);
        return row ? pick(row) : null;
      }),
    );
  const THRESHOLD = thresholdSeries(report.settings.defaultBulkThreshold);
  const thresholds = (pick: (r: Row) => number) =>
    thresholdSizes.map((size) =>
      THRESHOLD.map((s) => {
        const row = find(report.rows, size, s.variant, 'first');
        return row ? pick(row) : null;
      }),
    );
  const xLabel = 'person records in the org';
  const panels: BarPanel[] = [
    {
      title: 'Wall time of a night',
      yLabel: 'seconds',
      xLabel,
      groups: sizes.map(sizeLabel),
      series: PRODUCT_VS_BASELINE,
      values: versus((r) => r.wallMs / 1000),
      log: true,
      format: twoDigits,
    },
    {
      title: 'Salesforce API calls of a night',
      yLabel: 'API calls',
      xLabel,
      groups: sizes.map(sizeLabel),
      series: PRODUCT_VS_BASELINE,
      values: versus((r) => r.apiCalls),
      log: true,
      format: compactCount,
    },
    {
      title: 'Peak JS heap growth during a night',
      yLabel: 'MB above the pre-run heap',
      xLabel,
      groups: sizes.map(sizeLabel),
      series: PRODUCT_VS_BASELINE,
      values: versus((r) => Math.max(0, r.peakHeapDeltaMb)),
      log: true,
      format: twoDigits,
    },
    {
      title: 'Same-email rule: API calls, on (default) vs off',
      yLabel: 'API calls',
      xLabel,
      groups: sizes.map(sizeLabel),
      series: SAME_EMAIL,
      values: versus((r) => r.apiCalls, SAME_EMAIL),
      log: true,
      format: compactCount,
    },
    {
      title: 'Same-email rule: peak JS heap growth, on vs off',
      yLabel: 'MB above the pre-run heap',
      xLabel,
      groups: sizes.map(sizeLabel),
      series: SAME_EMAIL,
      values: versus((r) => Math.max(0, r.peakHeapDeltaMb), SAME_EMAIL),
      log: true,
      format: twoDigits,
    },
    {
      title: 'Bulk threshold, first night: wall time',
      yLabel: 'seconds',
      xLabel,
      groups: thresholdSizes.map(sizeLabel),
      series: THRESHOLD,
      values: thresholds((r) => r.wallMs / 1000),
      log: true,
      format: twoDigits,
      empty: NO_THRESHOLD,
    },
    {
      title: 'Bulk threshold, first night: API calls',
      yLabel: 'API calls',
      xLabel,
      groups: thresholdSizes.map(sizeLabel),
      series: THRESHOLD,
      values: thresholds((r) => r.apiCalls),
      log: true,
      format: compactCount,
      empty: NO_THRESHOLD,
    },
  ];
  const rowsOfPanels = Math.ceil((panels.length + 1) / 2);
  const height = HEADER + rowsOfPanels * (PANEL_HEIGHT + GAP);
  const at = (i: number) => ({
    x: MARGIN + (i % 2) * (PANEL_WIDTH + GAP),
    y: HEADER + Math.floor(i / 2) * (PANEL_HEIGHT + GAP),
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
  });
  const body = panels.map((p, i) => barPanel(p, at(i)));
  body.push(notes(report, at(panels.length)));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#f6f7f9"/>`,
    `<text x="${MARGIN}" y="30" font-size="20" font-weight="700">Nightly reconcile: scale and cost</text>`,
    `<text x="${MARGIN}" y="50" font-size="13" fill="#444">${escapeXml(subtitle(report))}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function subtitle(report: Report): string {
  const s = report.settings;
  return (
    `Emulated org, ${Math.round(s.optedOutRate * 100)} % opted out in Salesforce, ` +
    `${Math.round(s.clickRate * 100)} % unsubscribed in the extension only, ` +
    `~15 % of people with a second record; ` +
    `median of ${s.repeats} run${s.repeats === 1 ? '' : 's'} (1M: one); ${report.date.slice(0, 10)}`
  );
}

/** The network the run was measured over, in a few short lines. */
function networkLines(report: Report): string[] {
  const l = report.settings.latency;
  if (!l)
    return [
      'Emulator in the same process, no network latency (BENCH_LATENCY=0):',
      'time favours many small calls; API calls are what the daily allowance counts.',
    ];
  return [
    `Modelled network: ${l.roundTripMs} ms round trip + ${l.serverMsPerSubrequest} ms a subrequest, ` +
      `${l.serverMsPerRowRead} ms a row read,`,
    `${l.serverMsPerRowWritten} ms a row written; Bulk jobs ${l.bulkJobMs / 1000} s + ` +
      `${l.bulkQueryMsPerRow} ms a row (query), ${l.bulkIngestMsPerRow} ms (ingest).`,
  ];
}

function notes(report: Report, box: { x: number; y: number; width: number; height: number }) {
  const m = report.machine;
  const lines = [
    `Machine: Node ${m.node}, ${m.cpus} × ${m.cpuModel}`.slice(0, 88),
    `${m.platform}/${m.arch}, ${m.memoryGb} GB; whole bench ${seconds(report.durationMs)}`,
    '',
    'product / fair baseline, first night (below 1× the product is cheaper):',
    ...report.ratios
      .filter((r) => r.night === 'first')
      .map(
        (r) =>
          `  ${sizeLabel(r.size).padEnd(5)} time ${ratio(r.wall)}, API calls ${ratio(r.apiCalls)} ` +
          `(${r.productCalls}, bound ${r.callBound}), heap ${ratio(r.peakHeapDelta)}`,
      ),
    'second night, nothing changed:',
    ...report.ratios
      .filter((r) => r.night === 'second')
      .map(
        (r) =>
          `  ${sizeLabel(r.size).padEnd(5)} time ${ratio(r.wall)}, API calls ${ratio(r.apiCalls)} ` +
          `(${r.productCalls}, bound ${r.callBound}), heap ${ratio(r.peakHeapDelta)}`,
      ),
    'same-email rule on / off, first night (bar: calls within 2×):',
    ...report.sameEmailRatios
      .filter((r) => r.night === 'first')
      .map(
        (r) =>
          `  ${sizeLabel(r.size).padEnd(5)} API calls ${ratio(r.apiCalls)}, heap ${ratio(r.peakHeapDelta)}, ` +
          `time ${ratio(r.wall)}`,
      ),
    '',
    ...networkLines(report),
    `Same-email rule on in every variant but "off", the baseline included.`,
    `Bulk polls: product after ${report.settings.bulkPollMs.product / 1000} s, doubling to 30 s; baseline every ${report.settings.bulkPollMs.baseline / 1000} s.`,
    'Heap: peak heapUsed above the post-GC heap before the run (emulator included).',
  ];
  return [
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="#ffffff" stroke="#d0d4da"/>`,
    `<text x="${box.x + 14}" y="${box.y + 24}" font-size="15" font-weight="600">Notes</text>`,
    ...lines.map(
      (line, i) =>
        `<text x="${box.x + 14}" y="${box.y + 46 + i * 15}" font-size="12" xml:space="preserve">${escapeXml(line)}</text>`,
    ),
  ].join('\n');
}
