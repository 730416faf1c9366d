import type { UnsubscribeRecord } from '../db/schema';
import { unsubscribesAfter } from '../db/unsubscribes';
import { pipeline } from '../pipeline';
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

/**
 * Composite requests in flight at once while the export writes. Salesforce serves a user's
 * requests in parallel, and a write composite waits mostly on the server (1,000 records with
 * their automation): three overlap those waits. Few, because every rep's browser draws on the
 * same org: its limit of 25 concurrent long-running requests counts only requests of 20 s or more,
 * which a composite of 1,000 writes is not, but a thousand reps running the same evening should
 * each take a small share of what the org serves; and Chromium keeps six connections per host.
 */
export const WRITES_IN_FLIGHT = 3;

/**
 * Composite requests of up to 1,000 writes (5 Collections of 200), in store order, a few in flight
 * (`WRITES_IN_FLIGHT`); each batch is checkpointed once it and every batch before it are stored.
 */
async function sendRest(
  state: RunState,
  items: readonly WorkItem[],
  afterId: string | null,
  ctx: ExportPlans,
): Promise<void> {
  await state.save({ progress: { done: 0, total: items.length } });
  let next = 0;
  await pipeline(
    WRITES_IN_FLIGHT,
    () => {
      if (next >= items.length) return undefined;
      const batch = items.slice(next, next + COMPOSITE_WRITE_LIMIT);
      next += batch.length;
      const done = next;
      return sendFollowingMoves(state, batch, ctx, (b) => sendWrites(state, b, ctx.plans)).then(
        () => ({ batch, done }),
      );
    },
    ({ batch, done }) =>
      state.save({
        checkpoint: { kindIndex: 0, afterId: batch.at(-1)?.record.recordId ?? afterId },
        progress: { done, total: items.length },
      }),
  );
}
