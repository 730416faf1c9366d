import type { UnsubscribeRecord } from '../db/schema';
import { isTransient } from '../salesforce/failure';
import { writeOptOuts } from '../salesforce/opt-out-writes';
import type { FieldPlans } from './requirements';
import { RunStopped } from './run-stopped';
import type { RunState } from './run-state';
import { recordOutcomes, type WorkItem } from './write-outcomes';

/** A whole-request failure of a batch is tried again this often before the run stops. */
const BATCH_TRIES = 3;

/**
 * Sends a batch (at most COLLECTION_LIMIT items) in one sObject Collections request, and again
 * after a transient whole-request failure; a lost session or the last try stops the run.
 * Returns the records Salesforce refused for good (`recordOutcomes`).
 */
export async function sendCollection(
  state: RunState,
  items: readonly WorkItem[],
  plans: FieldPlans,
): Promise<UnsubscribeRecord[]> {
  for (let attempt = 1; ; attempt++) {
    state.calls.count();
    const results = await writeOptOuts(
      state.deps.conn,
      items.map(({ record, missing }) => ({
        recordId: record.recordId,
        object: record.object,
        fields: missing,
        value: true,
      })),
    );
    // A whole-request failure (session, limit, outage) comes back as one failure per record.
    const first = results[0];
    const whole = results.every(
      (r) => !r.ok && first && !first.ok && r.failure.code === first.failure.code,
    );
    if (whole && first && !first.ok && isTransient(first.failure.code)) {
      if (
        first.failure.code === 'session-expired' ||
        first.failure.code === 'no-session' ||
        attempt >= BATCH_TRIES
      ) {
        throw new RunStopped(first.failure);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      continue;
    }
    return recordOutcomes(
      state,
      items.map((item, i) => {
        const result = results[i];
        return { item, failure: result && !result.ok ? result.failure : null };
      }),
      plans,
    );
  }
}
