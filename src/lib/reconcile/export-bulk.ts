import type { UnsubscribeRecord } from '../db/schema';
import { groupBy } from '../group-by';
import { ingestFailures, startSetTrueJob } from '../salesforce/bulk2';
import { failureOfCode } from '../salesforce/failure';
import { COMPOSITE_WRITE_LIMIT } from '../salesforce/opt-out-writes';
import { bulkWanted } from './bulk-choice';
import { followRefused, movedBeforeWrite, type ExportPlans } from './export-moves';
import { sendWrites } from './export-rest';
import { targetOf, workItems, type ExportTarget } from './export-targets';
import type { RunState } from './run-state';
import { recordOutcomes, type WorkItem, type WriteOutcome } from './write-outcomes';

/**
 * The export past the bulk write threshold: Bulk API 2.0 ingest jobs of up to `bulkJobRecords`
 * records each, gathered as `ExportTarget`s; after each job its outcomes are stored a slice at a
 * time, each slice's records read back from the store, so neither a round nor a job's answers
 * hold tens of thousands of records in the service worker's memory.
 */

/**
 * A job's outcomes stored per IndexedDB transaction. Each slice's records stay alive until its
 * transaction ends, long enough for the collector to move them to the old generation, where
 * they wait as garbage for a full collection: in Chromium at 300k records, slices of 500 kept
 * the export's peak at 39 MB above the idle worker where slices of 2,000 reached 44–61 MB.
 */
const OUTCOME_SLICE = 500;

/**
 * A row failed with DUPLICATES_DETECTED is sent again through sObject Collections: Bulk API 2.0
 * documents no duplicate rule header, Collections does (salesforce/duplicate-rule-header.ts), so
 * an "Allow" rule with an alert does not hold back the opt-out; under a "Block" rule the second
 * answer is the failure kept.
 */
const DUPLICATES_DETECTED = 'DUPLICATES_DETECTED:';

/** Items about to join a round: their person contacts moved first, then only their keys kept. */
export async function bulkTargets(
  state: RunState,
  items: readonly WorkItem[],
  ctx: ExportPlans,
): Promise<ExportTarget[]> {
  const asStored = new Set(items.map((i) => i.record));
  return (await movedBeforeWrite(state, items, ctx)).map((item) =>
    targetOf(item, asStored.has(item.record)),
  );
}

/**
 * A round: one ingest job per object and set of missing fields, all started before the first is
 * waited for. A job's failed rows carry the
 * same error codes as a Collections answer (`sf__Error` is `CODE:message`, e.g.
 * `ENTITY_IS_DELETED:…` or `CANNOT_UPDATE_CONVERTED_LEAD:…`), so they become the same failures;
 * the moves of the round's records refused for good are followed as for REST. Once the night's
 * Bulk jobs are spent (bulk-choice.ts) a group goes in Composite requests instead.
 */
export async function sendBulk(
  state: RunState,
  targets: readonly ExportTarget[],
  ctx: ExportPlans,
): Promise<void> {
  const { conn, options } = state.deps;
  const refused: UnsubscribeRecord[] = [];
  const groups = groupBy(targets, (t) => `${t.object}|${t.missing.join(',')}`);
  // Every group's job is started before any is waited for: Salesforce runs them side by side.
  const jobs: { group: readonly ExportTarget[]; jobId: string }[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    if (!bulkWanted(state, group.length, 0)) {
      refused.push(...(await sendInComposites(state, group, ctx)));
      continue;
    }
    state.countBulkJob();
    const ids = group.map((t) => t.recordId);
    jobs.push({
      group,
      jobId: await startSetTrueJob(conn, first.object, first.missing, ids, state.calls),
    });
  }
  for (const [n, { group, jobId }] of jobs.entries()) {
    // The first job was closed just now; the others ran while the ones before were stored.
    const started = n === 0 ? 'now' : 'earlier';
    const failedRows = await ingestFailures(conn, jobId, state.calls, {
      pollMs: options.bulkPollMs,
      started,
    });
    const failedById = new Map(failedRows.map((f) => [f.id, f.error]));
    const duplicate = (t: ExportTarget) =>
      failedById.get(t.recordId)?.startsWith(DUPLICATES_DETECTED) === true;
    const answered = group.filter((t) => !duplicate(t));
    for (let i = 0; i < answered.length; i += OUTCOME_SLICE) {
      const items = await workItems(state, answered.slice(i, i + OUTCOME_SLICE));
      refused.push(...(await recordOutcomes(state, outcomesOf(items, failedById), ctx.plans)));
    }
    refused.push(...(await sendInComposites(state, group.filter(duplicate), ctx)));
    const { progress } = state.run;
    await state.save({ progress: { done: progress.done + group.length, total: progress.total } });
  }
  await followRefused(state, refused, ctx);
}

/** A job's answers for a slice of its records (none of them a duplicate to send again). */
function outcomesOf(
  items: readonly WorkItem[],
  failedById: ReadonlyMap<string, string>,
): WriteOutcome[] {
  return items.map((item) => {
    const error = failedById.get(item.record.recordId);
    if (error === undefined) return { item, failure: null };
    const [code = '', ...rest] = error.split(':');
    return { item, failure: failureOfCode(code.trim(), rest.join(':').trim() || error) };
  });
}

/** Targets written in Composite requests of up to 1,000, each batch's records read back first. */
async function sendInComposites(
  state: RunState,
  targets: readonly ExportTarget[],
  ctx: ExportPlans,
): Promise<UnsubscribeRecord[]> {
  const refused: UnsubscribeRecord[] = [];
  for (let i = 0; i < targets.length; i += COMPOSITE_WRITE_LIMIT) {
    const items = await workItems(state, targets.slice(i, i + COMPOSITE_WRITE_LIMIT));
    if (items.length > 0) refused.push(...(await sendWrites(state, items, ctx.plans)));
  }
  return refused;
}
