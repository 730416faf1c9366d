import { megabytes, ratio, seconds, sizeLabel } from './format';
import { VARIANT_LABELS, type Report } from './model';

/** The report's figures as rows of cells, printed as a text table or written as Markdown. */

const HEADER = [
  'size',
  'variant',
  'night',
  'wall',
  'API calls',
  'run count',
  'peak heap Δ',
  'live heap Δ',
  'peak RSS Δ',
  'read',
  'imported',
  'covered',
  'written',
  'R5 check',
];

export function figureCells(report: Report): string[][] {
  return [
    HEADER,
    ...report.rows.map((r) => [
      sizeLabel(r.size),
      VARIANT_LABELS[r.variant],
      r.night,
      seconds(r.wallMs),
      String(r.apiCalls),
      r.runApiCalls === null ? '—' : String(r.runApiCalls),
      megabytes(r.peakHeapDeltaMb),
      megabytes(r.liveHeapDeltaMb),
      megabytes(r.peakRssDeltaMb),
      String(r.read),
      String(r.imported),
      String(r.covered),
      String(r.written),
      r.status === 'done' ? r.check : `${r.status}; ${r.check}`,
    ]),
  ];
}

/**
 * Product against the fair baseline per size and night, with the call bound, and the
 * naive script where it ran.
 */
export function ratioCells(report: Report): string[][] {
  return [
    [
      'size',
      'night',
      'wall time',
      'baseline / product wall',
      'API calls',
      'product calls',
      'call bound',
      'baseline calls',
      'naive / product wall',
      'naive calls',
      'peak heap Δ',
    ],
    ...report.ratios.map((r) => [
      sizeLabel(r.size),
      r.night,
      ratio(r.wall),
      ratio(1 / r.wall),
      ratio(r.apiCalls),
      String(r.productCalls),
      `${r.callBound}${r.productCalls <= r.callBound ? '' : ' (over)'}`,
      String(r.baselineCalls),
      r.naive ? ratio(r.naive.wall) : 'not run',
      r.naive ? String(r.naive.calls) : 'not run',
      ratio(r.peakHeapDelta),
    ]),
  ];
}

/** The same-email rule's cost per size and night: on (default) against the same run with it off. */
export function sameEmailCells(report: Report): string[][] {
  const cells = [
    [
      'size',
      'night',
      'API calls on',
      'API calls off',
      'calls on/off',
      'peak heap Δ on',
      'peak heap Δ off',
      'live heap Δ on',
      'live heap Δ off',
      'peak heap on/off',
      'wall on/off',
      'covered',
    ],
  ];
  for (const q of report.sameEmailRatios) {
    const row = (variant: 'product' | 'product-same-email-off') =>
      report.rows.find((r) => r.size === q.size && r.night === q.night && r.variant === variant);
    const on = row('product');
    const off = row('product-same-email-off');
    if (!on || !off) continue;
    cells.push([
      sizeLabel(q.size),
      q.night,
      String(on.apiCalls),
      String(off.apiCalls),
      ratio(q.apiCalls),
      megabytes(on.peakHeapDeltaMb),
      megabytes(off.peakHeapDeltaMb),
      megabytes(on.liveHeapDeltaMb),
      megabytes(off.liveHeapDeltaMb),
      ratio(q.peakHeapDelta),
      ratio(q.wall),
      String(on.covered),
    ]);
  }
  return cells;
}

/** Who is in each org: people (distinct addresses of writable records), with a second record. */
export function peopleCells(report: Report): string[][] {
  return [
    ['size', 'people', 'with a second record', 'share'],
    ...report.people.map((p) => [
      sizeLabel(p.size),
      String(p.people),
      String(p.withSecondRecord),
      `${((100 * p.withSecondRecord) / Math.max(p.people, 1)).toFixed(1)} %`,
    ]),
  ];
}

const numeric = (cell: string) => /^[\d.,]+( s| MB|×| %)?$/.test(cell);

export function textTable(cells: readonly (readonly string[])[]): string {
  const widths = (cells[0] ?? []).map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) =>
        numeric(cell) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const [head, ...body] = cells;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join(
    '\n',
  );
}

export function markdownTable(cells: readonly (readonly string[])[]): string {
  const [head = [], ...body] = cells;
  const align = head.map((_, c) => (body.every((r) => numeric(r[c] ?? '')) ? '--:' : '---'));
  const line = (row: readonly string[]) => `| ${row.join(' | ')} |`;
  return [line(head), line(align), ...body.map(line)].join('\n');
}

/** The first night of each product variant at the sizes where the threshold was varied. */
export function thresholdCells(report: Report): string[][] {
  const sizes = report.settings.sizes.filter((s) =>
    report.rows.some((r) => r.size === s && r.variant === 'product-rest-only'),
  );
  const cells = [['size', 'bulk threshold', 'wall', 'API calls', 'run count', 'peak heap Δ']];
  for (const size of sizes) {
    for (const [variant, threshold] of [
      ['product-rest-only', '∞ (REST only)'],
      ['product', `${report.settings.defaultBulkThreshold} (default)`],
      ['product-bulk-always', '0 (Bulk 2.0 always)'],
    ] as const) {
      const r = report.rows.find(
        (x) => x.size === size && x.variant === variant && x.night === 'first',
      );
      if (r)
        cells.push([
          sizeLabel(size),
          threshold,
          seconds(r.wallMs),
          String(r.apiCalls),
          String(r.runApiCalls ?? '—'),
          megabytes(r.peakHeapDeltaMb),
        ]);
    }
  }
  return cells;
}
