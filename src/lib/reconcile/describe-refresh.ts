import type { RunCheckpoint, RunRecord } from '../db/schema';
import { PERSON_KINDS, type PersonKind } from '../person-kinds';
import { failureOf } from '../salesforce/failure';
import { checkRequirements, type FieldPlans, type Requirements } from './requirements';
import { RunStopped } from './run-stopped';
import type { RunState } from './run-state';

/**
 * The nightly run works from stored describes up to a week old (`DESCRIBE_MAX_AGE.nightly`). When
 * Salesforce answers that a field the describes vouched for is not there or not editable
 * (`field-unavailable`: INVALID_FIELD on a query or a write, INVALID_FIELD_FOR_INSERT_UPDATE on a
 * write), the describes were out of date: they are dropped and asked again, once in a run, and
 * the run goes on from its checkpoint with the requirements they give. A second field problem in
 * the same run is the field's own: a write fails its records as any refusal does, a query stops
 * the run.
 */

/**
 * Thrown by the export when Salesforce refused a chosen field on some records of a batch while
 * the run may still refresh its describes: those records are left as they were, to be sent
 * again with the new requirements.
 */
export class FieldRefused extends RunStopped {}

/** Whether a run stopped because Salesforce refused a field its describes said was fine. */
export function isFieldProblem(error: unknown): boolean {
  const failure = error instanceof RunStopped ? error.failure : failureOf(error);
  return failure.code === 'field-unavailable';
}

/**
 * Drops the stored describes, asks Salesforce again and returns the requirements they give; the
 * run's checkpoint is moved to the same kind in the new list of kinds (the import and a full
 * pass's same-email read count kinds by their place in it).
 */
export async function refreshRequirements(
  state: RunState,
  before: Requirements,
): Promise<Requirements> {
  state.describesRefreshed = true;
  await state.deps.forgetDescribes();
  const after = await checkRequirements(state.deps, state.calls);
  await state.save({
    skippedObjects: after.skippedObjects,
    checkpoint: checkpointAmong(state.run, [...before.plans.keys()], [...after.plans.keys()]),
    // A query job's kind is counted among the old kinds: the read goes on through new queries.
    bulkReads: undefined,
    ...(plansGrew(before.plans, after.plans) ? { readsIncomplete: true } : {}),
  });
  return after;
}

/**
 * The checkpoint of a run whose list of synced kinds changed from `before` to `after` (both in
 * `PERSON_KINDS` order): the kind it was on, where it still is, and where each later kind read
 * with it stands (`RunCheckpoint.later`), at their new places; a kind no longer synced is
 * dropped, and the read goes on with the next kind still synced that is not done. The export's
 * checkpoint is a place in the store, whatever the kinds.
 */
export function checkpointAmong(
  run: Pick<RunRecord, 'phase' | 'fullPass' | 'checkpoint'>,
  before: readonly PersonKind[],
  after: readonly PersonKind[],
): RunCheckpoint {
  const { checkpoint } = run;
  const byKind = run.phase === 'import' || (run.phase === 'same-email' && run.fullPass);
  if (!byKind) return checkpoint;
  const placeOf = (index: number) => {
    const kind = before[index];
    return kind === undefined ? -1 : after.indexOf(kind);
  };
  const stands = new Map<number, string | 'done'>();
  for (const [index, at] of Object.entries(checkpoint.later ?? {})) {
    const place = placeOf(Number(index));
    if (place !== -1) stands.set(place, at);
  }
  const current = before[checkpoint.kindIndex];
  let kindIndex = placeOf(checkpoint.kindIndex);
  let afterId = checkpoint.afterId;
  if (current === undefined) return { kindIndex: after.length, afterId: null };
  if (kindIndex === -1) {
    const order = (kind: PersonKind) => PERSON_KINDS.indexOf(kind);
    const next = after.findIndex(
      (kind, place) => order(kind) > order(current) && stands.get(place) !== 'done',
    );
    kindIndex = next === -1 ? after.length : next;
    const at = stands.get(kindIndex);
    afterId = at === undefined || at === 'done' ? null : at;
  }
  const later = Object.fromEntries([...stands].filter(([place]) => place > kindIndex));
  return Object.keys(later).length > 0 ? { kindIndex, afterId, later } : { kindIndex, afterId };
}

/**
 * Whether `after` syncs a field (or a kind) that `before` did not: this run read it only from
 * the refresh on, so the next run is a full pass (`RunRecord.readsIncomplete`).
 */
export function plansGrew(before: FieldPlans, after: FieldPlans): boolean {
  return [...after].some(([kind, fields]) => {
    const had = before.get(kind);
    return !had || fields.some((f) => !had.includes(f));
  });
}
