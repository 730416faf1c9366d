import { pushFields } from '../lib/opt-out-fields';
import {
  orgHasKind,
  PERSON_KIND,
  PERSON_KINDS,
  placeSelect,
  type PersonKind,
} from '../lib/person-kinds';
import type { ObjectDescribe } from '../lib/salesforce/describe';
import {
  readSameEmail,
  type SameEmailFound,
  type SameEmailLookup,
} from '../lib/salesforce/same-email-read';
import { emailKey, sameEmailScopes } from '../lib/same-email';
import { describeFor } from './describe-cache';
// Types only: this runs in Node tests, where the extension APIs cannot even be imported.
import type { OrgContext } from './org-context';

const NONE: SameEmailFound = { covered: [], alreadyOptedOut: 0 };

/**
 * A scope's conditions that the object can be asked: each names its field first, and a field
 * the describe does not list is left out. In Salesforce, Contact has `IsPersonAccount` exactly
 * where the org has Person Accounts, so this changes nothing there; an org (or emulator) whose
 * Contact lacks the field has no person contacts to leave out, and its query still runs.
 */
function askable(filters: readonly string[], describe: ObjectDescribe): string[] {
  const names = new Set(describe.fields.map((f) => f.name));
  return filters.filter((f) => names.has(f.split(' ')[0] ?? ''));
}

/**
 * The records a click on `selfId` would also unsubscribe, with `sameEmail` on: every Contact,
 * Lead and Person Account of the org with its email address, other than itself, that some push
 * field of ITS kind is still false on, with where each belongs. Read on card load (the describes come from the day-long
 * cache; one query per kind), so that the click itself reads nothing. A kind whose push fields
 * cannot be written (R1b) is not covered: its records keep their state and nothing fails for
 * them; the clicked record's card already names the field problem when it shares the kind.
 */
export async function sameEmailRecords(
  ctx: OrgContext,
  selfId: string,
  email: string | null,
): Promise<SameEmailFound> {
  if (!ctx.settings.sameEmail || emailKey(email) === null) return NONE;
  const objects = [...new Set(PERSON_KINDS.map((k) => PERSON_KIND[k].object))];
  // An object the rep cannot describe (no access to Leads, say) is one the click cannot write
  // either: its kinds are not covered, and the card of the record still loads.
  const describes = new Map(
    await Promise.all(
      objects.map(async (o) => [o, await describeFor(ctx, o).catch(() => null)] as const),
    ),
  );
  const describeOf = (kind: PersonKind): ObjectDescribe | null =>
    describes.get(PERSON_KIND[kind].object) ?? null;
  const orgKinds = PERSON_KINDS.filter((kind) => {
    const describe = describeOf(kind);
    return (
      describe !== null &&
      orgHasKind(
        kind,
        describe.fields.map((f) => f.name),
      )
    );
  });
  const lookups: SameEmailLookup[] = [];
  for (const scope of sameEmailScopes(orgKinds)) {
    const describe = describeOf(scope.kind);
    if (!describe) continue;
    const plan = pushFields(scope.kind, ctx.settings, describe);
    if (plan.problems.length > 0 || plan.fields.length === 0) continue;
    lookups.push({
      scope: { ...scope, filters: askable(scope.filters, describe) },
      fields: plan.fields.map((f) => f.name),
      // Where each belongs (a Contact's account, a Lead's company), where the org lets it be read.
      place: placeSelect(
        scope.kind,
        describe.fields.map((f) => f.name),
        (object) => (describes.get(object) ?? null) !== null,
      ),
    });
  }
  return readSameEmail(ctx.conn, email, selfId, lookups);
}
