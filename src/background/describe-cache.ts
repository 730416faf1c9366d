import { DESCRIBE_MAX_AGE, describeCached, dropDescribe } from '../lib/db/org-cache';
import type { PersonObject } from '../lib/person-kinds';
import type { ObjectDescribe } from '../lib/salesforce/describe';
import { describeObject } from '../lib/salesforce/describe-object';
import type { OrgContext } from './org-context';

/** A describe for the card, the click and the outbox: a day old at most, else one request. */
export function describeFor(ctx: OrgContext, object: PersonObject): Promise<ObjectDescribe> {
  return describeCached(
    ctx.db,
    ctx.session.orgId,
    object,
    { now: Date.now(), maxAgeMs: DESCRIBE_MAX_AGE.card },
    () => describeObject(ctx.conn, object),
  );
}

/** Forgets a describe that proved out of date (a field error), so the next use asks again. */
export function forgetDescribe(ctx: OrgContext, object: PersonObject): Promise<void> {
  return dropDescribe(ctx.db, ctx.session.orgId, object);
}
