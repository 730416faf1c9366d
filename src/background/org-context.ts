import type { Connection } from 'jsforce/core';
import type { Database } from '../lib/db/open';
import { dropDescribe, getFreshDescribe, getOrg, putDescribe, putOrg } from '../lib/db/org-cache';
import type { PersonObject } from '../lib/ids';
import type { Failure } from '../lib/failure';
import { openConnection } from '../lib/salesforce/connection';
import type { ObjectDescribe } from '../lib/salesforce/describe';
import { describeObject } from '../lib/salesforce/describe-object';
import type { OrgSettings } from '../lib/settings';
import { database } from './database';
import { oauthConnection } from './oauth';
import { effectiveSettings } from './policy';
import { instanceUrlForPage, sessionFor, type OrgSession } from './session';

/** Everything a request about one org needs: its session, connection, database and settings. */
export interface OrgContext {
  readonly session: OrgSession;
  readonly conn: Connection;
  readonly db: Database;
  readonly settings: OrgSettings;
}

/** The user's name is looked up again after this long, in case another rep signed in. */
const USER_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * How the extension reaches an org: its OAuth connection when an admin or rep connected one
 * (refreshable, so it also serves the unattended nightly run), else the rep's own session.
 */
export async function orgContext(instanceUrl: string): Promise<OrgContext | Failure> {
  const db = await database();
  const connection = (await db.getAll('connections')).find((c) => c.instanceUrl === instanceUrl);
  const session: OrgSession | null = connection
    ? { instanceUrl, accessToken: connection.accessToken, orgId: connection.orgId }
    : await sessionFor(instanceUrl);
  if (!session) return { ok: false, code: 'no-session' };
  const conn = connection ? oauthConnection(db, connection) : openConnection(session);
  const { settings } = await effectiveSettings(db, session.orgId);
  return { session, conn, db, settings };
}

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

interface UserInfo {
  user_id?: unknown;
  preferred_username?: unknown;
  name?: unknown;
}

/** Who the rep is in this org (R9 "who"), from the cache or Salesforce's userinfo. */
export async function userNameFor(ctx: OrgContext): Promise<string | null> {
  const known = await getOrg(ctx.db, ctx.session.orgId);
  if (known?.userName && Date.now() - known.lastSeenAt < USER_MAX_AGE_MS) return known.userName;
  const info = await ctx.conn.request<UserInfo>(
    `${ctx.session.instanceUrl}/services/oauth2/userinfo`,
  );
  const userName = typeof info.preferred_username === 'string' ? info.preferred_username : null;
  await putOrg(ctx.db, {
    orgId: ctx.session.orgId,
    instanceUrl: ctx.session.instanceUrl,
    userId: typeof info.user_id === 'string' ? info.user_id : null,
    userName,
    lastSeenAt: Date.now(),
  });
  return userName;
}

/** The rep's name for the audit trail when Salesforce has not told it yet. */
const UNKNOWN_USER = 'Salesforce user';

/** The rep's cached name for the audit trail: never a request (used on the click path). */
export async function cachedUserName(db: Database, orgId: string): Promise<string> {
  return (await getOrg(db, orgId))?.userName ?? UNKNOWN_USER;
}

/** The org context of the Salesforce page a request came from. */
export async function orgContextForPage(pageUrl: string): Promise<OrgContext | Failure> {
  const instanceUrl = instanceUrlForPage(pageUrl);
  return instanceUrl ? orgContext(instanceUrl) : { ok: false, code: 'no-session' };
}
