import type { UnsubscribeRecord } from '../db/schema';
import { unsubscribesAfter } from '../db/unsubscribes';
import { COMPOSITE_WRITE_LIMIT } from '../salesforce/opt-out-writes';
import { fieldsToWrite } from './diff';
import { bulkTargets, sendBulk } from './export-bulk';
import { sendWrites } from './export-rest';
import { kindOfObject } from '../person-kinds';
import { sendFollowingMoves, type ExportPlans } from './export-moves';
import { targetOf, workItems, type ExportTarget } from './export-targets';
import type { FieldPlans, Requirements } from './requirements';
import type { RunState } from './run-state';
import type { WorkItem } from './write-outcomes';

/** Stored unsubscribes read per IndexedDB request while looking for what Salesforce lacks. */
const SCAN_CHUNK = 2000;

/**
 * Extension -> Salesforce. Reads the store in chunks (no transaction is held across a request)
 * and collects the records Salesforce lacks, as keys (`export-targets.ts`). Up to the bulk write
 * threshold they go in Composite requests of five sObject Collections subrequests of 200 (1,000
 * records a call); past it, everything goes through Bulk API 2.0 jobs of at most `bulkJobRecords`
 * each (`export-bulk.ts`). Either way, what moved (a merge, a conversion, a person contact) is
 * followed and written where it now belongs, in the same run (`export-moves.ts`).
 */
export async function exportPhase(state: RunState, requirements: Requirements): Promise<void> {
  const ctx: ExportPlans = { plans: requirements.plans, orgKinds: requirements.orgKinds };
  const { rest, afterId } = await scanStore(state, ctx);
  await sendRest(state, rest, afterId, ctx);
}

/** The scan, sending bulk jobs as it goes once past the threshold; returns what REST sends. */
async function scanStore(
  state: RunState,
  ctx: ExportPlans,
): Promise<{ rest: ExportTarget[]; afterId: string | null }> {
  const { db, orgId, options } = state.deps;
  let afterId = state.run.checkpoint.afterId;
  let rest: ExportTarget[] = [];
  // null until past the threshold: then the round of bulk jobs being gathered.
  let round: ExportTarget[] | null = null;
  for (;;) {
    const chunk = await unsubscribesAfter(db, orgId, afterId, SCAN_CHUNK);
    const missing = missingIn(state, chunk, ctx.plans);
    const done = chunk.length < SCAN_CHUNK;
    afterId = chunk.at(-1)?.recordId ?? afterId;
    if (round) round.push(...(await bulkTargets(state, missing, ctx)));
    else {
      rest.push(...missing.map((item) => targetOf(item, true)));
      if (rest.length > options.bulkWriteThreshold) {
        round = [];
        for (let i = 0; i < rest.length; i += SCAN_CHUNK) {
          const items = await workItems(state, rest.slice(i, i + SCAN_CHUNK));
          round.push(...(await bulkTargets(state, items, ctx)));
        }
        rest = [];
      }
    }
    if (round && (round.length >= options.bulkJobRecords || done)) {
      await sendBulk(state, round, ctx);
      round = [];
      await state.save({ checkpoint: { kindIndex: 0, afterId } });
    }
    if (done) return { rest, afterId };
  }
}

/** The records of a chunk that Salesforce lacks; the skipped ones are counted. */
function missingIn(
  state: RunState,
  chunk: readonly UnsubscribeRecord[],
  plans: FieldPlans,
): WorkItem[] {
  const items: WorkItem[] = [];
  for (const record of chunk) {
    const missing = fieldsToWrite(record, plans.get(kindOfObject(record.object)), state.run);
    if (missing === 'skip') {
      state.add({ skipped: 1 });
      continue;
    }
    if (missing.length > 0) items.push({ record, missing: [...missing] });
  }
  return items;
}

/**
 * Composite requests of up to 1,000 writes (5 Collections of 200) in store order, each batch's
 * records read back first, each one checkpointed.
 */
async function sendRest(
  state: RunState,
  targets: readonly ExportTarget[],
  afterId: string | null,
  ctx: ExportPlans,
): Promise<void> {
  await state.save({ progress: { done: 0, total: targets.length } });
  for (let i = 0; i < targets.length; i += COMPOSITE_WRITE_LIMIT) {
    const batch = targets.slice(i, i + COMPOSITE_WRITE_LIMIT);
    const items = await workItems(state, batch);
    await sendFollowingMoves(state, items, ctx, (b) => sendWrites(state, b, ctx.plans));
    await state.save({
      checkpoint: { kindIndex: 0, afterId: batch.at(-1)?.recordId ?? afterId },
      progress: { done: i + batch.length, total: targets.length },
    });
  }
}
