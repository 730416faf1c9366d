import type { ObjectDescribe } from '../lib/salesforce/describe';
import type { RecordRef } from '../lib/ids';
import type { FieldProblem } from '../lib/opt-out-fields';
import { chosenFields, pushFields } from '../lib/opt-out-fields';
import type { RecordState, RecordStateResponse } from '../lib/messages';
import { failureOf } from '../lib/salesforce/failure';
import { judgedRefusal, sessionWorked } from './session-refusal';
import { readPerson } from '../lib/salesforce/person-read';
import { lightningRecordUrl } from '../lib/record-url';
import { unsubscribeAnswer } from '../lib/unsubscribe-answer';
import { sameEmailRecords } from './covered-records';
import { describeFor, forgetDescribe } from './describe-cache';
import { orgContextForPage, userNameFor, type OrgContext } from './org-context';
import { saveSnapshot } from './snapshots';
import { kindOfObject, orgHasKind, standInFields, type PersonKind } from '../lib/person-kinds';

/**
 * The kind of person an object's records are, as far as its describe tells: an Account is a
 * Person Account only in an org that has them (and then the record itself says which).
 */
function kindFromDescribe(ref: RecordRef, describe: ObjectDescribe): PersonKind | null {
  const kind = kindOfObject(ref.object);
  return orgHasKind(
    kind,
    describe.fields.map((f) => f.name),
  )
    ? kind
    : null;
}

function uniqueProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}|${p.label}|${p.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * The state of the record a page shows. A page of a person contact is the state of its Person
 * Account (one more retrieve): the card, the stored unsubscribe and the click are the Account's.
 */
async function readState(ctx: OrgContext, ref: RecordRef): Promise<RecordState> {
  const describe = await describeFor(ctx, ref.object);
  const notPerson: RecordState = {
    id: ref.id,
    object: ref.object,
    isPerson: false,
    name: '',
    email: null,
    optOuts: [],
    pushFields: [],
    problems: [],
    unsubscribe: null,
    covers: [],
    coversAlreadyOptedOut: 0,
    covered: [],
  };
  const kind = kindFromDescribe(ref, describe);
  if (!kind) return notPerson;
  const push = pushFields(kind, ctx.settings, describe);
  const chosen = chosenFields(kind, ctx.settings, describe);
  const pushNames = new Set(push.fields.map((f) => f.name));
  const shown = [...push.fields, ...chosen.fields.filter((f) => !pushNames.has(f.name))];
  const [person] = await Promise.all([
    readPerson(
      ctx.conn,
      ref,
      shown.map((f) => f.name),
      standInFields(
        kind,
        describe.fields.map((f) => f.name),
      ),
    ),
    userNameFor(ctx),
  ]);
  if ('standsFor' in person) return readStateOf(ctx, person.standsFor);
  if (!person.kind) return notPerson;
  const { orgId, instanceUrl } = ctx.session;
  // Read now, on card load, so that the click itself needs no read (and stays one request).
  const same = await sameEmailRecords(ctx, ref.id, person.email);
  const [stored] = await Promise.all([
    unsubscribeAnswer(ctx.db, orgId, ref.id),
    saveSnapshot(orgId, ref.id, { ...person, covered: same.covered }),
  ]);
  return {
    id: ref.id,
    object: ref.object,
    isPerson: true,
    name: person.name,
    email: person.email,
    optOuts: shown.map((f) => ({
      name: f.name,
      label: f.label,
      value: person.values[f.name] === true,
    })),
    pushFields: [...pushNames],
    problems: uniqueProblems([...push.problems, ...chosen.problems]),
    unsubscribe: stored.ok ? stored.unsubscribe : null,
    covers: same.covered.map((r) => ({
      recordId: r.recordId,
      object: r.object,
      name: r.name,
      place: r.place ?? null,
      url: lightningRecordUrl(instanceUrl, r.object, r.recordId),
    })),
    coversAlreadyOptedOut: same.alreadyOptedOut,
    covered: stored.ok ? stored.covered : [],
  };
}

/**
 * The state of `ref`. A field error forgets the describe of the object read (a person contact's
 * Account as well as the Contact), so that the next read asks again.
 */
async function readStateOf(ctx: OrgContext, ref: RecordRef): Promise<RecordState> {
  try {
    return await readState(ctx, ref);
  } catch (error) {
    if (failureOf(error).code === 'field-unavailable') await forgetDescribe(ctx, ref.object);
    throw error;
  }
}

/** Answers the widget's question: what is this record's opt-out state? */
export async function recordState(ref: RecordRef, pageUrl: string): Promise<RecordStateResponse> {
  const ctx = await orgContextForPage(pageUrl);
  if ('ok' in ctx) return ctx;
  try {
    const state = await readStateOf(ctx, ref);
    await sessionWorked(ctx);
    return { ok: true, state };
  } catch (error) {
    return judgedRefusal(ctx, failureOf(error));
  }
}
