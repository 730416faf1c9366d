import type { UnsubscribeRecord } from '../db/schema';
import type { Failure } from '../failure';
import { runWriteFailed, writtenByRun } from '../unsubscribe-record';
import { kindOfObject } from '../person-kinds';
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
 * Counts a batch's answers into the run and stores what they change, in one transaction.
 * Returns the records that failed for good, as stored: the ones whose record may have moved.
 */
export async function recordOutcomes(
  state: RunState,
  outcomes: readonly WriteOutcome[],
  plans: FieldPlans,
): Promise<UnsubscribeRecord[]> {
  const now = state.deps.now();
  const failed: UnsubscribeRecord[] = [];
  const tx = state.deps.db.transaction('unsubscribes', 'readwrite');
  await Promise.all([
    ...outcomes.map(({ item, failure }) => {
      const r = item.record;
      if (!failure) {
        state.add({ written: 1 });
        const fields = plans.get(kindOfObject(r.object)) ?? [];
        return tx.store.put(writtenByRun(r, fields, state.run.id, now));
      }
      state.add({ failed: 1 });
      state.addError({
        recordId: r.recordId,
        code: failure.errorCode ?? failure.code,
        message: failure.detail ?? failure.code,
      });
      const next = runWriteFailed(r, failure, now);
      // A transient failure leaves the record as it was: nothing to save.
      if (next === r) return Promise.resolve();
      failed.push(next);
      return tx.store.put(next);
    }),
    tx.done,
  ]);
  return failed;
}
