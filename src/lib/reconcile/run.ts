import type { RunRecord, RunStats } from '../db/schema';
import { failureOf } from '../salesforce/failure';
import { BudgetReached } from './api-budget';
import type { ReconcileDeps } from './deps';
import { exportPhase } from './export-phase';
import { importPhase } from './import-phase';
import { checkRequirements, endRequirements, fieldsSignature } from './requirements';
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
    // Each phase moves the run on to the next; a resumed run skips the phases it has done.
    const requirements = await checkRequirements(deps, state.calls);
    const sync = await deps.db.get('syncState', deps.orgId);
    const signature = fieldsSignature(requirements.plans, deps.settings.sameEmail);
    if (state.run.phase === 'requirements')
      await endRequirements(state, requirements, sync, signature);
    if (state.run.phase === 'import') await importPhase(state, requirements, sync);
    if (state.run.phase === 'same-email') await sameEmailPhase(state, requirements, sync);
    if (state.run.phase === 'export') await exportPhase(state, requirements);
    await finish(state, signature);
  } catch (error) {
    await stop(state, error);
  }
  return state.run;
}

/** The next run reads from a little before this one's start, with the fields it synced. */
async function finish(state: RunState, signature: string): Promise<void> {
  const { db, now, options, orgId } = state.deps;
  const endedAt = now();
  await db.put('syncState', {
    orgId,
    watermark: new Date(state.run.startedAt - options.watermarkOverlapMs)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    fieldsSignature: signature,
    recheckIds: [],
    ...(state.run.addressesFrom === undefined ? {} : { addressesFrom: state.run.addressesFrom }),
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
