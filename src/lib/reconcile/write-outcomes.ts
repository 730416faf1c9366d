import type { UnsubscribeRecord } from '../db/schema';
import { countedWrites } from '../db/unsubscribe-counts';
import type { Failure } from '../failure';
import { runWriteFailed, writtenByRun } from '../unsubscribe-record';
import { kindOfObject } from '../person-kinds';
import { FieldRefused } from './describe-refresh';
import type { FieldPlans } from './requirements';
import type { RunState } from './run-state';

/** A stored unsubscribe the export sends. */
export interface WorkItem {
  readonly record: UnsubscribeRecord;
  /** The chosen fields Salesforce is not known to have set on this record. */
  readonly missing: string[];
}

/** How Salesforce answered for one item: null when its fields were set. */
export interface WriteOutcome {
  readonly item: WorkItem;
  readonly failure: Failure | null;
}

/**
 * Counts a batch's answers into the run and stores what they change, in one transaction (the
 * unsubscribe counters' change included).
 * Returns the records that failed for good, as stored: the ones whose record may have moved.
 * A field refused while the run may still refresh its describes fails nobody: the records are
 * left as they were and `FieldRefused` is thrown once the rest is stored (`describe-refresh.ts`).
 */
export async function recordOutcomes(
  state: RunState,
  outcomes: readonly WriteOutcome[],
  plans: FieldPlans,
): Promise<UnsubscribeRecord[]> {
  state.writeAnswered();
  const now = state.deps.now();
  const failed: UnsubscribeRecord[] = [];
  const refused = state.describesRefreshed
    ? undefined
    : outcomes.find((o) => o.failure?.code === 'field-unavailable')?.failure;
  await countedWrites(state.deps.db, async (writes) => {
    // The export holds what it read; a move may have added to a record's history since (its
    // survivor or Contact was stored already), and history only grows: the stored one is kept.
    const current = async (read: UnsubscribeRecord): Promise<UnsubscribeRecord> => {
      const stored = await writes.get(read.orgId, read.recordId);
      return stored && stored.history.length > read.history.length
        ? { ...read, history: stored.history }
        : read;
    };
    await Promise.all(
      outcomes.map(async ({ item, failure }) => {
        const r = await current(item.record);
        if (!failure) {
          state.add({ written: 1 });
          const fields = plans.get(kindOfObject(r.object)) ?? [];
          await writes.put(writtenByRun(r, fields, state.run.id, now));
          return;
        }
        if (refused && failure.code === 'field-unavailable') return;
        state.add({ failed: 1 });
        state.addError({
          recordId: r.recordId,
          code: failure.errorCode ?? failure.code,
          message: failure.detail ?? failure.code,
        });
        const next = runWriteFailed(r, failure, now);
        // A transient failure leaves the record as it was: nothing to save.
        if (next === r) return;
        failed.push(next);
        await writes.put(next);
      }),
    );
  });
  if (refused) throw new FieldRefused(refused);
  return failed;
}
