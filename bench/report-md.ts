import { seconds } from './format';
import type { Report } from './model';
import { figureCells, markdownTable, ratioCells, thresholdCells } from './table';

/** bench/results/report.md: the same figures as the printed tables, with the chart. */
export function reportMarkdown(report: Report): string {
  const m = report.machine;
  const s = report.settings;
  return [
    '# Nightly reconcile: scale and cost',
    '',
    `Written by \`npm run bench\` on ${report.date}: Node ${m.node}, ${m.cpus} × ${m.cpuModel}, ` +
      `${m.memoryGb} GB (${m.platform}/${m.arch}). Whole bench: ${seconds(report.durationMs)}.`,
    '',
    `Each org is emulated on 127.0.0.1 with seed ${s.seed}: ${Math.round(s.optedOutRate * 100)} % of ` +
      `the people opted out in Salesforce, ${Math.round(s.clickRate * 100)} % unsubscribed in the ` +
      'extension but not in Salesforce. First night: a full pass; second night: nothing changed. ' +
      `Figures are medians of ${s.repeats} runs (1M: one), each in a fresh emulator and a fresh ` +
      'fake-indexeddb. Times are comparable only within this report (shared, noisy machine).',
    '',
    '![charts: wall time, API calls, heap, bulk threshold](report.png)',
    '',
    '## Figures',
    '',
    markdownTable(figureCells(report)),
    '',
    "`API calls`: counted by the emulator; `run count`: the run's own `stats.apiCalls`. " +
      '`peak heap Δ` / `peak RSS Δ`: peak while the run went on, above the value just before it ' +
      '(after a full GC). `R5 check`: both sides hold every unsubscribe afterwards.',
    '',
    '## Product / baseline',
    '',
    markdownTable(ratioCells(report)),
    '',
    'Below 1× the product is cheaper. RSS is not compared: memory freed by one run is kept by ' +
      'the process for the next, so its growth mostly shows which variant ran first.',
    '',
    '## Bulk threshold (first night)',
    '',
    thresholdCells(report).length > 1
      ? markdownTable(thresholdCells(report))
      : 'Not measured at these sizes: only from 10k up.',
    '',
    `Bulk API 2.0 jobs take ${s.bulkJobDelayMs} ms in the emulator and are polled every ` +
      `${s.bulkPollMs} ms; every poll is an API call. The baseline stops after ` +
      `${s.baselineUpdateCap} update calls (status \`capped\`).`,
    '',
  ].join('\n');
}
