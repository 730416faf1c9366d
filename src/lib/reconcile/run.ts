import type { RunRecord, RunStats, SyncStateRecord } from '../db/schema';
import { failureOf } from '../salesforce/failure';
import { BudgetReached } from './api-budget';
import type { ReconcileDeps } from './deps';
import { exportPhase } from './export-phase';
import { importPhase } from './import-phase';
import { isFieldProblem, refreshRequirements } from './describe-refresh';
import {
  endRequirements,
  fieldsSignature,
  ReadsChanged,
  startRequirements,
  type Requirements,
} from './requirements';
import { RunState } from './run-state';
import { RunStopped } from './run-stopped';
import { sameEmailPhase } from './same-email-phase';

export { DEFAULT_RECONCILE_OPTIONS, type ReconcileDeps, type ReconcileOptions } from './deps';

/**
 * The nightly reconcile of one org (SPEC R1, R5, R6): read what Salesforce has opted out into
 * the store, opt out the other records of every opted-out address (the `sameEmail` setting),
 * then set in Salesforce every stored unsubscribe it lacks. Never writes `false`,
 * never deletes a stored unsubscribe. Progress is checkpointed after every page and batch, so a
 * run cut off with its service worker resumes where it stopped instead of starting again.
 */

const emptyStats = (): RunStats => ({
  read: 0,
  written: 0,
  imported: 0,
  skipped: 0,
  failed: 0,
  covered: 0,
  apiCalls: 0,
  apiRemaining: null,
});

/** A run record as it starts: nothing read, written or checkpointed yet. */
export function newRun(orgId: string, trigger: RunRecord['trigger'], now: number): RunRecord {
  return {
    id: `${orgId}:${now}`,
    orgId,
    trigger,
    startedAt: now,
    endedAt: null,
    status: 'running',
    phase: 'requirements',
    progress: { done: 0, total: null },
    stats: emptyStats(),
    errors: [],
    skippedObjects: [],
    checkpoint: { kindIndex: 0, afterId: null },
    heartbeatAt: now,
    fullPass: true,
    readFrom: null,
  };
}

/** A new run, or the one a cut-off worker left running for this org. */
export async function startOrResumeRun(
  deps: ReconcileDeps,
  trigger: RunRecord['trigger'],
): Promise<RunRecord> {
  const running = await deps.db.getAllFromIndex(
    'runs',
    'orgStarted',
    IDBKeyRange.bound([deps.orgId, 0], [deps.orgId, Infinity]),
  );
  const cutOff = running.find((r) => r.status === 'running' || r.status === 'waiting');
  if (cutOff) return cutOff;
  const run = newRun(deps.orgId, trigger, deps.now());
  await deps.db.put('runs', run);
  return run;
}

/** Runs (or resumes) a run to its end and returns its history entry. */
export async function reconcile(deps: ReconcileDeps, start: RunRecord): Promise<RunRecord> {
  const state = new RunState(deps, start);
  try {
    const starting = await startRequirements(state);
    let { requirements } = starting;
    const sync = await deps.db.get('syncState', deps.orgId);
    // A run cut off before its guess was checked decides its reads again: it stored nothing.
    if (state.run.phase === 'requirements' || state.run.readsGuessed)
      await endRequirements(
        state,
        requirements,
        sync,
        signatureOf(state, requirements),
        starting.guessed,
      );
    for (;;) {
      try {
        await phases(state, requirements, sync);
        break;
      } catch (error) {
        if (error instanceof ReadsChanged) {
          // Its first reads were guessed wrong and dropped: the run reads again by the describes.
          requirements = error.requirements;
          await endRequirements(state, requirements, sync, signatureOf(state, requirements));
          continue;
        }
        // The stored describes were out of date: asked again once, and the run goes on.
        if (!isFieldProblem(error) || state.describesRefreshed) throw error;
        requirements = await refreshRequirements(state, requirements);
      }
    }
    await finish(state, signatureOf(state, requirements));
  } catch (error) {
    await stop(state, error);
  }
  return state.run;
}

/** Each phase moves the run on to the next; a resumed run skips the phases it has done. */
async function phases(
  state: RunState,
  requirements: Requirements,
  sync: SyncStateRecord | undefined,
): Promise<void> {
  if (state.run.phase === 'import') await importPhase(state, requirements, sync);
  if (state.run.phase === 'same-email') await sameEmailPhase(state, requirements, sync);
  if (state.run.phase === 'export') await exportPhase(state, requirements);
}

const signatureOf = (state: RunState, { plans }: Requirements) =>
  fieldsSignature(plans, state.deps.settings.sameEmail);

/** SOQL datetimes are to the second (`YYYY-MM-DDThh:mm:ssZ`). */
const soqlDatetime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The next run reads from a little before this one's start, with the fields it synced, leaving
 * out this run's own writes (`OwnWrites`), if it made any: its write window, widened by the
 * margin and to whole seconds, for the user its connection acts as. A run whose reads a describe
 * refresh left incomplete stores no signature, so the next one reads everything.
 */
async function finish(state: RunState, signature: string): Promise<void> {
  const { db, now, options, orgId, userId } = state.deps;
  const { writeWindow, readsIncomplete, addressesFrom, stats } = state.run;
  const endedAt = now();
  const margin = options.ownWritesMarginMs;
  await db.put('syncState', {
    orgId,
    watermark: soqlDatetime(state.run.startedAt - options.watermarkOverlapMs),
    fieldsSignature: readsIncomplete ? '' : signature,
    recheckIds: [],
    ...(addressesFrom === undefined ? {} : { addressesFrom }),
    ...(writeWindow && userId && stats.written > 0
      ? {
          ownWrites: {
            userId,
            from: soqlDatetime(writeWindow.from - margin),
            to: soqlDatetime(Math.ceil((writeWindow.to + margin) / 1000) * 1000),
          },
        }
      : {}),
  });
  await state.save({ status: 'done', phase: 'done', endedAt });
}

/** Records why a run stopped and parks it (waiting) or ends it (failed), checkpoint kept. */
async function stop(state: RunState, error: unknown): Promise<void> {
  // Under the API budget's floor: the run waits, in words of its own, for the org's next time.
  if (error instanceof BudgetReached) {
    await state.save({ status: 'waiting', endedAt: null, budgetStop: error.stop });
    return;
  }
  const failure = error instanceof RunStopped ? error.failure : failureOf(error);
  state.addError({
    code: failure.errorCode ?? failure.code,
    message: failure.detail ?? failure.code,
  });
  // A run stopped for want of a session waits for one; anything else ends it, checkpoint kept.
  const waiting = failure.code === 'session-expired' || failure.code === 'no-session';
  await state.save({
    status: waiting ? 'waiting' : 'failed',
    endedAt: waiting ? null : state.deps.now(),
    // A run waiting for a sign-in is not one waiting for the API budget any more.
    ...(waiting ? { budgetStop: undefined } : {}),
  });
}
