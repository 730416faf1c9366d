import type { UnsubscribeRecord } from '../db/schema';
import { groupBy } from '../group-by';
import { bulkSetTrue } from '../salesforce/bulk2';
import { failureOfCode } from '../salesforce/failure';
import { COMPOSITE_WRITE_LIMIT } from '../salesforce/opt-out-writes';
import { bulkWanted } from './bulk-choice';
import { sendWrites } from './export-rest';
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
    // The night's Bulk jobs spent (bulk-choice.ts): the group goes in Composite requests.
    if (!bulkWanted(state, group.length, 0)) {
      for (let i = 0; i < group.length; i += COMPOSITE_WRITE_LIMIT)
        refused.push(
          ...(await sendWrites(state, group.slice(i, i + COMPOSITE_WRITE_LIMIT), plans)),
        );
      continue;
    }
    state.countBulkJob();
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
    const failedHere = await recordOutcomes(
      state,
      group
        .filter((item) => !duplicates.includes(item))
        .map((item) => {
          const error = failedById.get(item.record.recordId);
          if (error === undefined) return { item, failure: null };
          const [code = '', ...rest] = error.split(':');
          return { item, failure: failureOfCode(code.trim(), rest.join(':').trim() || error) };
        }),
      plans,
    );
    refused.push(...failedHere);
    for (let i = 0; i < duplicates.length; i += COMPOSITE_WRITE_LIMIT) {
      refused.push(
        ...(await sendWrites(state, duplicates.slice(i, i + COMPOSITE_WRITE_LIMIT), plans)),
      );
    }
    const { progress } = state.run;
    await state.save({ progress: { done: progress.done + group.length, total: progress.total } });
  }
  return refused;
}
