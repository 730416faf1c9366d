import type { Database } from '../lib/db/open';
import type { Failure } from '../lib/failure';
// Types only: the outbox that uses this runs in Node tests.
import type { OrgContext } from './org-context';

/**
 * How API Access Control is told from an expired session. Both answer the rep's `sid` with 401
 * `INVALID_SESSION_ID`; only the cure differs (sign in again / Connect). The rule: **a `sid`
 * refused after another `sid` of the same org was refused** — the rep signed in again (a fresh
 * `sid` cookie appeared, which also retries what waited) and the fresh session is refused too —
 * is API Access Control ('api-not-approved'). The first refusal of a session stays
 * 'session-expired'. A fingerprint of the last refused `sid` (16 hex digits of its SHA-256, never
 * the token) is kept in the `meta` store per org, so the rule holds across service-worker
 * restarts; a call the `sid` gets through forgets it (`sessionWorked`), so a session that works
 * and later expires is "expired" again. The same `sid` value set again is not a fresh session.
 * Only the rep's own session is judged: an OAuth connection refreshes its own token.
 */

const keyOf = (orgId: string) => `refusedSid:${orgId}`;

async function fingerprint(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest).slice(0, 8)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

type SessionOf = Pick<OrgContext, 'session' | 'via' | 'db'>;

/** The failure as the rep should read it: an expired session, or API Access Control. */
export async function judgedRefusal(ctx: SessionOf, failure: Failure): Promise<Failure> {
  if (ctx.via === 'connection' || failure.errorCode !== 'INVALID_SESSION_ID') return failure;
  const key = keyOf(ctx.session.orgId);
  const mine = await fingerprint(ctx.session.accessToken);
  const before = (await ctx.db.get('meta', key))?.value;
  await ctx.db.put('meta', { key, value: mine });
  if (typeof before === 'string' && before !== mine)
    return { ...failure, code: 'api-not-approved' };
  return failure;
}

/** A call the rep's `sid` got through: an earlier refusal said nothing about the org. */
export async function sessionWorked(ctx: SessionOf): Promise<void> {
  if (ctx.via === 'connection') return;
  await forgetRefusal(ctx.db, ctx.session.orgId);
}

export async function forgetRefusal(db: Database, orgId: string): Promise<void> {
  const key = keyOf(orgId);
  if (await db.get('meta', key)) await db.delete('meta', key);
}
