import type { UnsubscribeRecord } from '../db/schema';
import { COLLECTION_LIMIT } from '../salesforce/opt-out-writes';
import { fieldsToWrite } from './diff';
import { sendBulk } from './export-bulk';
import { sendCollection } from './export-rest';
import { kindOfObject } from '../person-kinds';
import type { FieldPlans } from './requirements';
import type { RunState } from './run-state';
import type { WorkItem } from './write-outcomes';

/** Stored unsubscribes read per IndexedDB request while looking for what Salesforce lacks. */
const SCAN_CHUNK = 2000;

/**
 * Extension -> Salesforce. Reads the store in chunks (no transaction is held across a request)
 * and collects the records Salesforce lacks. Up to the bulk threshold they go in Collections
 * requests of 200; past it, everything goes through Bulk API 2.0 jobs of at most one bulk page
 * each.
 */
export async function exportPhase(state: RunState, plans: FieldPlans): Promise<void> {
  const { rest, afterId } = await scanStore(state, plans);
  await sendRest(state, rest, afterId, plans);
}

/** The scan, sending bulk jobs as it goes once past the threshold; returns what REST sends. */
async function scanStore(
  state: RunState,
  plans: FieldPlans,
): Promise<{ rest: WorkItem[]; afterId: string | null }> {
  const { db, orgId, options } = state.deps;
  let afterId = state.run.checkpoint.afterId;
  let buffered: WorkItem[] = [];
  let bulkMode = false;
  for (;;) {
    const chunk = await db.getAll(
      'unsubscribes',
      IDBKeyRange.bound([orgId, afterId ?? ''], [orgId, '\uffff'], afterId !== null),
      SCAN_CHUNK,
    );
    buffered.push(...missingIn(state, chunk, plans));
    const done = chunk.length < SCAN_CHUNK;
    afterId = chunk.at(-1)?.recordId ?? afterId;
    bulkMode ||= buffered.length > options.bulkThreshold;
    if (bulkMode && (buffered.length >= options.bulkPageSize || done)) {
      await sendBulk(state, buffered, plans);
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
    const { fullPass, id } = state.run;
    const missing = fieldsToWrite(record, plans.get(kindOfObject(record.object)), fullPass, id);
    if (missing === 'skip') {
      state.add({ skipped: 1 });
      continue;
    }
    if (missing.length > 0) items.push({ record, missing: [...missing] });
  }
  return items;
}

/** Collections requests in store order, each one checkpointed. */
async function sendRest(
  state: RunState,
  items: readonly WorkItem[],
  afterId: string | null,
  plans: FieldPlans,
): Promise<void> {
  await state.save({ progress: { done: 0, total: items.length } });
  for (let i = 0; i < items.length; i += COLLECTION_LIMIT) {
    const batch = items.slice(i, i + COLLECTION_LIMIT);
    await sendCollection(state, batch, plans);
    await state.save({
      checkpoint: { kindIndex: 0, afterId: batch.at(-1)?.record.recordId ?? afterId },
      progress: { done: i + batch.length, total: items.length },
    });
  }
}
