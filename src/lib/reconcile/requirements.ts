import type { SyncStateRecord } from '../db/schema';
import { chosenFields } from '../opt-out-fields';
import type { BulkCalls } from '../salesforce/bulk2';
import { orgHasKind, PERSON_KIND, PERSON_KINDS, type PersonKind } from '../person-kinds';
import type { ObjectDescribe } from '../salesforce/describe';
import { choiceFor, type OrgSettings } from '../settings';
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
 * The requirements a run starts by. Those of the stored describes when they are fresh; for a new
 * run whose describes are missing or too old, the guess of `guessedRequirements` (`guessed`),
 * while the describes ride in its first read composite (`DescribesAlong`) instead of a call of
 * their own: that composite's batches are handed over only once the describes that came with
 * them give the same reads, and otherwise `ReadsChanged` drops them and tells what the run must
 * read by. Until then the run is marked `readsGuessed` (`endRequirements`), so that one cut off
 * before the answer decides its reads again from the real requirements when it resumes.
 */
export async function startRequirements(
  state: RunState,
): Promise<{ requirements: Requirements; guessed: boolean }> {
  const { deps } = state;
  const along = state.run.phase === 'requirements' ? await deps.describesAlong(PERSON_KINDS) : null;
  const guess = along && guessedRequirements(deps.settings, along.stored);
  if (!along || !guess)
    return { requirements: await checkRequirements(deps, state.calls), guessed: false };
  state.sendAlong({
    subrequests: along.subrequests,
    check: async (results) => {
      const actual = requirementsOf(deps.settings, await along.accept(results));
      if (!sameReads(actual, guess)) throw new ReadsChanged(actual);
      // Only a stale describe's reason for skipping a kind can differ. Saved as the run goes on
      // (`status` kept, so no budget check: the batches are stored first).
      await state.save({
        status: 'running',
        readsGuessed: undefined,
        skippedObjects: actual.skippedObjects,
      });
    },
  });
  return { requirements: guess, guessed: true };
}

/** The describes of a run's first reads gave other reads than it guessed: these, from the start. */
export class ReadsChanged extends Error {
  constructor(readonly requirements: Requirements) {
    super('the describes give other reads than the run guessed');
  }
}

/**
 * Requirements (R1): the chosen fields exist and are editable on each object. Checked on every
 * start, a resumed run's too: the later phases need the plans.
 */
export async function checkRequirements(
  deps: ReconcileDeps,
  calls: BulkCalls,
): Promise<Requirements> {
  // Every kind's describe, those not stored all in one call.
  return requirementsOf(deps.settings, await deps.describe(PERSON_KINDS, calls.count));
}

/** What these describes make of the settings: each kind the org has, synced or skipped. */
export function requirementsOf(
  settings: OrgSettings,
  describes: ReadonlyMap<PersonKind, ObjectDescribe>,
): Requirements {
  const plans = new Map<PersonKind, readonly string[]>();
  const skippedObjects: { kind: string; reason: string }[] = [];
  const orgKinds: PersonKind[] = [];
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
    const plan = chosenFields(kind, settings, describe);
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
 * The requirements a run may read by while its describes are asked for in its first composite
 * (`DescribesAlong`): what the stored describes, however old, make of the settings, and for a
 * kind never described, Salesforce's standard Email Opt Out field on an org that has the kind.
 * Null when a kind was never described and its choice needs a describe to name the field (a
 * Marketo field is found by its label) or no kind would be read: the run then asks for the
 * describes first. The guess only decides what the first composite asks; its batches count once
 * the describes that came with them give the same reads (`sameReads`).
 */
export function guessedRequirements(
  settings: OrgSettings,
  stored: ReadonlyMap<PersonKind, ObjectDescribe>,
): Requirements | null {
  const known = requirementsOf(settings, stored);
  const plans = new Map<PersonKind, readonly string[]>();
  const orgKinds: PersonKind[] = [];
  for (const kind of PERSON_KINDS) {
    if (stored.has(kind)) {
      const plan = known.plans.get(kind);
      if (known.orgKinds.includes(kind)) orgKinds.push(kind);
      if (plan) plans.set(kind, plan);
      continue;
    }
    if (choiceFor(settings, kind).kind !== 'email-opt-out') return null;
    orgKinds.push(kind);
    plans.set(kind, [PERSON_KIND[kind].emailOptOutField]);
  }
  return plans.size > 0 ? { plans, orgKinds, skippedObjects: known.skippedObjects } : null;
}

/** Whether two requirements read the same records with the same fields (the same queries). */
export function sameReads(a: Requirements, b: Requirements): boolean {
  const kindsOf = (r: Requirements) => JSON.stringify([r.orgKinds, [...r.plans]]);
  return kindsOf(a) === kindsOf(b);
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
  /** The requirements are `startRequirements`' guess, not yet checked. */
  guessed = false,
): Promise<void> {
  const fullPass = !sync?.watermark || sync.fieldsSignature !== signature;
  await state.save({
    phase: 'import',
    readsGuessed: guessed ? true : undefined,
    skippedObjects: requirements.skippedObjects,
    fullPass,
    readFrom: fullPass ? null : (sync?.watermark ?? null),
    ...(!fullPass && sync?.ownWrites ? { leaveOut: sync.ownWrites } : {}),
  });
}
