import { seconds } from './format';
import type { Report } from './model';
import {
  figureCells,
  markdownTable,
  peopleCells,
  ratioCells,
  sameEmailCells,
  thresholdCells,
} from './table';

/** How the emulator answered: the modelled network, or none (BENCH_LATENCY=0). */
export function networkText(report: Report): string {
  const l = report.settings.latency;
  if (!l)
    return (
      'No network latency (BENCH_LATENCY=0): the emulator answers in-process as fast as it ' +
      'can, so wall time favours many small calls.'
    );
  return (
    `Modelled network (\`MODELLED_LATENCY\`, test/emulator/control/latency.ts): every API ` +
    `response waits a ${l.roundTripMs} ms round trip plus server time, ` +
    `${l.serverMsPerSubrequest} ms a subrequest (a plain request is one), ` +
    `${l.serverMsPerRowRead} ms a record a query page returns, ${l.serverMsPerRowWritten} ms a ` +
    `record written and ${l.bulkResultMsPerRow} ms a row of a Bulk result page; requests overlap.`
  );
}

export function bulkTimingText(report: Report): string {
  const s = report.settings;
  const l = s.latency;
  const jobs = l
    ? `Bulk API 2.0 jobs take ${l.bulkJobMs / 1000} s plus ${l.bulkQueryMsPerRow} ms a row ` +
      `selected (query) or ${l.bulkIngestMsPerRow} ms a row (ingest)`
    : `Bulk API 2.0 jobs take ${s.bulkJobDelayMs} ms in the emulator`;
  return (
    `${jobs}; the product polls them first after ${s.bulkPollMs.product / 1000} s, each wait twice the last up to 30 s, the baseline every ` +
    `${s.bulkPollMs.baseline / 1000} s.`
  );
}

/** bench/results/report.md: the same figures as the printed tables, with the chart (`chart`). */
export function reportMarkdown(report: Report, chart: string): string {
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
      'extension but not in Salesforce, and about 15 % of the people with a second record of ' +
      `their address (emulator \`sameEmailRate: ${s.sameEmailRate}\`` +
      `${s.distinctEmails ? ', `distinctEmails: true`' : ''}; table below). ` +
      'First night: a full pass; second night: nothing changed. ' +
      `Figures are medians of ${s.repeats} runs (1M: one), each in a fresh emulator and a fresh ` +
      'fake-indexeddb. Times are comparable only within this report (shared, noisy machine).',
    '',
    networkText(report),
    '',
    `![charts: wall time, API calls, heap, bulk threshold, same-email rule](${chart})`,
    '',
    '## People',
    '',
    markdownTable(peopleCells(report)),
    '',
    'People: distinct addresses (`emailKey`) of the writable records (Contacts, unconverted ' +
      'Leads, Person Accounts). `sameEmailRate` is the share of Leads and of Person Accounts ' +
      "seeded as another record's person, so about twice the rate is needed for 15 % of the " +
      "people. The emulator's addresses are name + company (60 × 60 × 32 of them), so without " +
      '`distinctEmails` unrelated people share an address even at rate 0: 0.2 % of the people ' +
      'at 1k, 4 % at 10k, 37 % at 100k and nearly all at 1M (about 9 records an address); the ' +
      'bench gives every seeded person an address of their own so that only the second records ' +
      'share one.',
    '',
    '## Figures',
    '',
    markdownTable(figureCells(report)),
    '',
    'Every variant but "sameEmail off" applies the same-email rule, the baseline included. ' +
      "`API calls`: counted by the emulator; `run count`: the run's own `stats.apiCalls`. " +
      '`peak heap Δ` / `peak RSS Δ`: peak while the run went on, above the value just before it ' +
      '(after a full GC), garbage not yet collected included; `live heap Δ`: the most the heap ' +
      'held after a full GC, sampled once a second, above the same value. `covered`: records opted out because another record of their address ' +
      'is. `R5 check`: both sides hold every unsubscribe afterwards and, with the rule on, every ' +
      'writable record of an opted-out address is opted out.',
    '',
    '## Same-email rule: on (default) / off',
    '',
    markdownTable(sameEmailCells(report)),
    '',
    'The product with `sameEmail` on (default) and off, same org, same stored clicks. The ' +
      "issue's bar: a full pass (first night) within 2× the API calls of the record-by-record " +
      'run, with flat memory. With the rule on, a full pass also reads every writable record ' +
      'with an address that lacks the field (about 85 % of the org) and writes the records it ' +
      'covers; the second night looks up only the addresses new since the first one began its ' +
      'same-email phase. `peak heap Δ` counts garbage not yet collected too, `live heap Δ` what ' +
      'was held (both with the in-process emulator included).',
    '',
    '## Product / fair baseline / naive script',
    '',
    markdownTable(ratioCells(report)),
    '',
    'Below 1× the product is cheaper; `baseline / product wall` is how many times faster the ' +
      "product is (issue 12's goal: 2× at 10k and above). The fair baseline (bench/baseline.ts) " +
      'is what a competent team writes with the same jsforce: `autoFetch` queries, Bulk API 2.0 ' +
      'by hand above 2,000 records, `update(array, {allowRecursive: true})`, the same-email rule ' +
      'with a Set, a full pass every night. The naive script (the same file) is the first one ' +
      'anyone writes, the straw man the issue set aside: REST pages only, a request a record ' +
      'written; run once, below 100k (at 100k its ~6,000 writes are ~6,000 round trips). ' +
      "`call bound`: the issue's ceil(read / 10,000) + " +
      "ceil(written / 1,000) + 2 from the product's own rows read and written, beside its calls. " +
      'RSS is not compared: memory freed by one run is kept by the process for the next, so its ' +
      'growth mostly shows which variant ran first.',
    '',
    '## Bulk threshold (first night)',
    '',
    thresholdCells(report).length > 1
      ? markdownTable(thresholdCells(report))
      : 'Not measured at these sizes: only from 10k up.',
    '',
    `${bulkTimingText(report)} Every poll is an API call.`,
    '',
  ].join('\n');
}
