import type { ObjectFieldCheck } from '../lib/options-messages';
import { chosenFields, findMarketoField } from '../lib/opt-out-fields';
import type { ObjectDescribe } from '../lib/salesforce/describe';
import { describeObject } from '../lib/salesforce/describe-object';
import { putDescribe } from '../lib/db/org-cache';
import { PERSON_KINDS, type PersonKind } from '../lib/settings';
import type { OrgContext } from './org-context';

const OBJECT_OF_KIND = { Contact: 'Contact', Lead: 'Lead', PersonAccount: 'Account' } as const;

function check(kind: PersonKind, ctx: OrgContext, describe: ObjectDescribe): ObjectFieldCheck {
  const available =
    kind !== 'PersonAccount' || describe.fields.some((f) => f.name === 'IsPersonAccount');
  const marketo = findMarketoField(describe, ctx.settings.marketoApiName[kind]);
  const plan = available
    ? chosenFields(kind, ctx.settings, describe)
    : { fields: [], problems: [] };
  const isPersonField = (name: string) => kind !== 'PersonAccount' || /^Person|__pc$/.test(name);
  return {
    kind,
    available,
    checkboxes: describe.fields
      .filter((f) => f.type === 'boolean' && isPersonField(f.name))
      .map(({ name, label, updateable }) => ({ name, label, updateable })),
    marketoField: marketo ? { name: marketo.name, label: marketo.label } : null,
    chosen: plan.fields.map(({ name, label }) => ({ name, label })),
    problems: plan.problems,
  };
}

/**
 * R1b for the options page: a live describe of each person object (which also refreshes the
 * cache the Unsubscribe button uses), and for each kind whether its chosen fields exist and
 * are editable for this user.
 */
export async function fieldCheck(ctx: OrgContext): Promise<ObjectFieldCheck[]> {
  const objects = [...new Set(PERSON_KINDS.map((k) => OBJECT_OF_KIND[k]))];
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
    const describe = describes.get(OBJECT_OF_KIND[kind]);
    if (!describe) throw new Error(`no describe for ${kind}`);
    return check(kind, ctx, describe);
  });
}
