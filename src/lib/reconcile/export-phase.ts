import type { UnsubscribeRecord } from '../db/schema';
import { unsubscribesAfter } from '../db/unsubscribes';
import { pipeline } from '../pipeline';
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
 * (`WRITES_IN_FLIGHT`), each batch's records read back from the store first; each batch is
 * checkpointed once it and every batch before it are stored.
 */
async function sendRest(
  state: RunState,
  targets: readonly ExportTarget[],
  afterId: string | null,
  ctx: ExportPlans,
): Promise<void> {
  await state.save({ progress: { done: 0, total: targets.length } });
  let next = 0;
  await pipeline(
    WRITES_IN_FLIGHT,
    () => {
      if (next >= targets.length) return undefined;
      const batch = targets.slice(next, next + COMPOSITE_WRITE_LIMIT);
      next += batch.length;
      const done = next;
      return workItems(state, batch)
        .then((items) =>
          sendFollowingMoves(state, items, ctx, (b) => sendWrites(state, b, ctx.plans)),
        )
        .then(() => ({ batch, done }));
    },
    ({ batch, done }) =>
      state.save({
        checkpoint: { kindIndex: 0, afterId: batch.at(-1)?.recordId ?? afterId },
        progress: { done, total: targets.length },
      }),
  );
}
