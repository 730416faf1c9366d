import type { UnsubscribeRecord } from '../db/schema';
import { unsubscribesAfter } from '../db/unsubscribes';
import { COMPOSITE_WRITE_LIMIT } from '../salesforce/opt-out-writes';
import { fieldsToWrite } from './diff';
import { sendBulk } from './export-bulk';
import { sendWrites } from './export-rest';
import { kindOfObject } from '../person-kinds';
import { sendFollowingMoves, type ExportPlans } from './export-moves';
import type { FieldPlans, Requirements } from './requirements';
import type { RunState } from './run-state';
import type { WorkItem } from './write-outcomes';

/** Stored unsubscribes read per IndexedDB request while looking for what Salesforce lacks. */
const SCAN_CHUNK = 2000;

/**
 * Extension -> Salesforce. Reads the store in chunks (no transaction is held across a request)
 * and collects the records Salesforce lacks. Up to the bulk threshold they go in Composite
 * requests of five sObject Collections subrequests of 200 (1,000 records a call); past it, everything goes through Bulk API 2.0 jobs of at most one bulk page
 * each. Either way, what moved (a merge, a conversion, a person contact) is followed and written
 * where it now belongs, in the same run (`export-moves.ts`).
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
): Promise<{ rest: WorkItem[]; afterId: string | null }> {
  const { db, orgId, options } = state.deps;
  let afterId = state.run.checkpoint.afterId;
  let buffered: WorkItem[] = [];
  let bulkMode = false;
  for (;;) {
    const chunk = await unsubscribesAfter(db, orgId, afterId, SCAN_CHUNK);
    buffered.push(...missingIn(state, chunk, ctx.plans));
    const done = chunk.length < SCAN_CHUNK;
    afterId = chunk.at(-1)?.recordId ?? afterId;
    bulkMode ||= buffered.length > options.bulkWriteThreshold;
    if (bulkMode && (buffered.length >= options.bulkPageSize || done)) {
      await sendFollowingMoves(state, buffered, ctx, (items) => sendBulk(state, items, ctx.plans));
      buffered = [];
      await state.save({ checkpoint: { kindIndex: 0, afterId } });
    }
    if (done) return { rest: buffered, afterId };
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

/** Composite requests of up to 1,000 writes (5 Collections of 200), in store order, each checkpointed. */
async function sendRest(
  state: RunState,
  items: readonly WorkItem[],
  afterId: string | null,
  ctx: ExportPlans,
): Promise<void> {
  await state.save({ progress: { done: 0, total: items.length } });
  for (let i = 0; i < items.length; i += COMPOSITE_WRITE_LIMIT) {
    const batch = items.slice(i, i + COMPOSITE_WRITE_LIMIT);
    await sendFollowingMoves(state, batch, ctx, (b) => sendWrites(state, b, ctx.plans));
    await state.save({
      checkpoint: { kindIndex: 0, afterId: batch.at(-1)?.record.recordId ?? afterId },
      progress: { done: i + batch.length, total: items.length },
    });
  }
}
