import type { UnsubscribeRecord } from '../db/schema';
import { groupBy } from '../group-by';
import { bulkSetTrue } from '../salesforce/bulk2';
import { failureOfCode } from '../salesforce/failure';
import { COLLECTION_LIMIT } from '../salesforce/opt-out-writes';
import { sendCollection } from './export-rest';
import type { FieldPlans } from './requirements';
import type { RunState } from './run-state';
import { recordOutcomes, type WorkItem } from './write-outcomes';

/**
 * One ingest job per object and set of missing fields. A job's failed rows carry the same error
 * codes as a Collections answer (`sf__Error` is `CODE:message`, e.g. `ENTITY_IS_DELETED:…` or
 * `CANNOT_UPDATE_CONVERTED_LEAD:…`), so they become the same failures; returns the records
 * refused for good, whose moves the export follows as for REST.
 *
 * A row failed with DUPLICATES_DETECTED is sent again through sObject Collections: Bulk API 2.0
 * documents no duplicate rule header, Collections does (salesforce/duplicate-rule-header.ts), so
 * an "Allow" rule with an alert does not hold back the opt-out; under a "Block" rule the second
 * answer is the failure kept.
 */
const DUPLICATES_DETECTED = 'DUPLICATES_DETECTED:';
/** A job's outcomes stored per IndexedDB transaction. */
const OUTCOME_SLICE = 2000;

export async function sendBulk(
  state: RunState,
  items: readonly WorkItem[],
  plans: FieldPlans,
): Promise<UnsubscribeRecord[]> {
  const { conn, options } = state.deps;
  const refused: UnsubscribeRecord[] = [];
  const groups = groupBy(items, (item) => `${item.record.object}|${item.missing.join(',')}`);
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const failedRows = await bulkSetTrue(
      conn,
      first.record.object,
      first.missing,
      group.map((i) => i.record.recordId),
      state.calls,
      options.bulkPollMs,
    );
    const failedById = new Map(failedRows.map((f) => [f.id, f.error]));
    const duplicates = group.filter((item) =>
      failedById.get(item.record.recordId)?.startsWith(DUPLICATES_DETECTED),
    );
    const outcomes = group
      .filter((item) => !duplicates.includes(item))
      .map((item) => {
        const error = failedById.get(item.record.recordId);
        if (error === undefined) return { item, failure: null };
        const [code = '', ...rest] = error.split(':');
        return { item, failure: failureOfCode(code.trim(), rest.join(':').trim() || error) };
      });
    // A job's answers are stored a slice at a time: one transaction of tens of thousands of
    // reads and writes would hold all of them, and their records, in memory at once.
    for (let i = 0; i < outcomes.length; i += OUTCOME_SLICE) {
      refused.push(...(await recordOutcomes(state, outcomes.slice(i, i + OUTCOME_SLICE), plans)));
    }
    for (let i = 0; i < duplicates.length; i += COLLECTION_LIMIT) {
      refused.push(
        ...(await sendCollection(state, duplicates.slice(i, i + COLLECTION_LIMIT), plans)),
      );
    }
    const { progress } = state.run;
    await state.save({ progress: { done: progress.done + group.length, total: progress.total } });
  }
  return refused;
}
