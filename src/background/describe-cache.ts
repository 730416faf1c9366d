import { dropDescribe, getFreshDescribe, putDescribe } from '../lib/db/org-cache';
import type { PersonObject } from '../lib/person-kinds';
import type { ObjectDescribe } from '../lib/salesforce/describe';
import { describeObject } from '../lib/salesforce/describe-object';
import type { OrgContext } from './org-context';

/** A describe from the cache, or one request that refreshes it. */
export async function describeFor(ctx: OrgContext, object: PersonObject): Promise<ObjectDescribe> {
  const now = Date.now();
  const cached = await getFreshDescribe(ctx.db, ctx.session.orgId, object, now);
  if (cached) return cached;
  const describe = await describeObject(ctx.conn, object);
  await putDescribe(ctx.db, ctx.session.orgId, object, describe, now);
  return describe;
}

/** Forgets a describe that proved out of date (a field error), so the next use asks again. */
export function forgetDescribe(ctx: OrgContext, object: PersonObject): Promise<void> {
  return dropDescribe(ctx.db, ctx.session.orgId, object);
}
