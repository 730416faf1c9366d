import type { ObjectFieldCheck } from '../lib/options-messages';
import { chosenFields, findMarketoField } from '../lib/opt-out-fields';
import type { ObjectDescribe } from '../lib/salesforce/describe';
import { describeObject } from '../lib/salesforce/describe-object';
import { putDescribe } from '../lib/db/org-cache';
import type { OrgContext } from './org-context';
import {
  isPersonField,
  orgHasKind,
  PERSON_KIND,
  PERSON_KINDS,
  type PersonKind,
} from '../lib/person-kinds';

function check(kind: PersonKind, ctx: OrgContext, describe: ObjectDescribe): ObjectFieldCheck {
  const available = orgHasKind(
    kind,
    describe.fields.map((f) => f.name),
  );
  const marketo = findMarketoField(describe, ctx.settings.marketoApiName[kind]);
  const plan = available
    ? chosenFields(kind, ctx.settings, describe)
    : { fields: [], problems: [] };
  return {
    kind,
    available,
    checkboxes: describe.fields
      .filter((f) => f.type === 'boolean' && isPersonField(kind, f.name))
      .map(({ name, label, updateable }) => ({ name, label, updateable })),
    marketoField: marketo ? { name: marketo.name, label: marketo.label } : null,
    chosen: plan.fields.map(({ name, label }) => ({ name, label })),
    problems: plan.problems,
  };
}

/**
 * R1b for the options page: a live describe of each person object, never a stored one (which it
 * refreshes for the card and the nightly run: `DESCRIBE_MAX_AGE`), and for each kind whether its
 * chosen fields exist and are editable for this user.
 */
export async function fieldCheck(ctx: OrgContext): Promise<ObjectFieldCheck[]> {
  const objects = [...new Set(PERSON_KINDS.map((k) => PERSON_KIND[k].object))];
  const now = Date.now();
  const describes = new Map(
    await Promise.all(
      objects.map(async (object) => {
        const describe = await describeObject(ctx.conn, object);
        await putDescribe(ctx.db, ctx.session.orgId, object, describe, now);
        return [object, describe] as const;
      }),
    ),
  );
  return PERSON_KINDS.map((kind) => {
    const describe = describes.get(PERSON_KIND[kind].object);
    if (!describe) throw new Error(`no describe for ${kind}`);
    return check(kind, ctx, describe);
  });
}
