import type { UnsubscribeRecord } from '../db/schema';
import type { Failure } from '../failure';
import { isTransient } from '../salesforce/failure';
import { writeOptOutsInComposite } from '../salesforce/opt-out-writes';
import type { FieldPlans } from './requirements';
import { RunStopped } from './run-stopped';
import type { RunState } from './run-state';
import { recordOutcomes, type WorkItem, type WriteOutcome } from './write-outcomes';

/** A whole-request failure of a batch is tried again this often before the run stops. */
const BATCH_TRIES = 3;

/**
 * Sends a batch (at most COMPOSITE_WRITE_LIMIT items, 1,000) in ONE Composite request of sObject
 * Collections subrequests (one API call), and sends again the records whose whole request or
 * subrequest failed for a transient reason; a lost session, or such a failure on the last try,
 * stops the run once what was answered is stored. Returns the records Salesforce refused for good
 * (`recordOutcomes`).
 */
export async function sendWrites(
  state: RunState,
  items: readonly WorkItem[],
  plans: FieldPlans,
): Promise<UnsubscribeRecord[]> {
  const outcomes: WriteOutcome[] = [];
  let toSend = items;
  for (let attempt = 1; toSend.length > 0; attempt++) {
    const results = await writeOptOutsInComposite(
      state.deps.conn,
      toSend.map(({ record, missing }) => ({
        recordId: record.recordId,
        object: record.object,
        fields: missing,
        value: true,
      })),
      state.calls.count,
    );
    const again: WorkItem[] = [];
    let stop: Failure | null = null;
    for (const [i, item] of toSend.entries()) {
      const answer = results[i];
      const failure = answer && !answer.result.ok ? answer.result.failure : null;
      // A whole request or subrequest lost to a session, a limit or an outage: sent again.
      if (answer?.wholeRequest && failure && isTransient(failure.code)) {
        const lost = failure.code === 'session-expired' || failure.code === 'no-session';
        if (lost || attempt >= BATCH_TRIES) stop ??= failure;
        again.push(item);
      } else outcomes.push({ item, failure });
    }
    if (stop) {
      await recordOutcomes(state, outcomes, plans);
      throw new RunStopped(stop);
    }
    toSend = again;
    if (toSend.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
  }
  return recordOutcomes(state, outcomes, plans);
}
