import type { SyncStateRecord } from '../db/schema';
import { chosenFields } from '../opt-out-fields';
import type { BulkCalls } from '../salesforce/bulk2';
import { orgHasKind, PERSON_KINDS, type PersonKind } from '../person-kinds';
import type { ReconcileDeps } from './deps';
import type { RunState } from './run-state';

/** The chosen fields of each kind synced this run; a kind not in it is skipped. */
export type FieldPlans = ReadonlyMap<PersonKind, readonly string[]>;

export interface Requirements {
  readonly plans: FieldPlans;
  /** The kinds the org has, from each object's describe, whether or not they are synced. */
  readonly orgKinds: readonly PersonKind[];
  readonly skippedObjects: readonly { readonly kind: string; readonly reason: string }[];
}

/**
 * Requirements (R1): the chosen fields exist and are editable on each object. Checked on every
 * start, a resumed run's too: the later phases need the plans.
 */
export async function checkRequirements(
  deps: ReconcileDeps,
  calls: BulkCalls,
): Promise<Requirements> {
  const plans = new Map<PersonKind, readonly string[]>();
  const skippedObjects: { kind: string; reason: string }[] = [];
  const orgKinds: PersonKind[] = [];
  // Every kind's describe, those not stored all in one call.
  const describes = await deps.describe(PERSON_KINDS, calls.count);
  for (const kind of PERSON_KINDS) {
    const describe = describes.get(kind);
    if (!describe) continue;
    if (
      !orgHasKind(
        kind,
        describe.fields.map((f) => f.name),
      )
    )
      continue;
    orgKinds.push(kind);
    const plan = chosenFields(kind, deps.settings, describe);
    if (plan.problems.length > 0) {
      skippedObjects.push({
        kind,
        reason: plan.problems.map((p) => `${p.label || p.field}: ${p.reason}`).join('; '),
      });
      continue;
    }
    plans.set(
      kind,
      plan.fields.map((f) => f.name),
    );
  }
  return { plans, orgKinds, skippedObjects };
}

/**
 * Which fields each kind syncs, and whether same-email records count: a run with other fields
 * than the last one, or the first with the `sameEmail` rule (on by default, so the first night
 * after the update that brought it), reads everything.
 */
export function fieldsSignature(plans: FieldPlans, sameEmail: boolean): string {
  const fields = PERSON_KINDS.map((k) => `${k}:${(plans.get(k) ?? []).join('+')}`).join(';');
  return sameEmail ? `${fields};same-email` : fields;
}

/**
 * Ends the requirements phase: the run is a full pass unless the last one left a watermark
 * for the same fields, and then reads only what changed since, less the last run's own writes.
 */
export async function endRequirements(
  state: RunState,
  requirements: Requirements,
  sync: SyncStateRecord | undefined,
  signature: string,
): Promise<void> {
  const fullPass = !sync?.watermark || sync.fieldsSignature !== signature;
  await state.save({
    phase: 'import',
    skippedObjects: requirements.skippedObjects,
    fullPass,
    readFrom: fullPass ? null : (sync?.watermark ?? null),
    ...(!fullPass && sync?.ownWrites ? { leaveOut: sync.ownWrites } : {}),
  });
}
