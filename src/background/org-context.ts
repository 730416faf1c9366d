import type { Connection } from 'jsforce/core';
import type { Database } from '../lib/db/open';
import { getOrg, putOrg } from '../lib/db/org-cache';
import type { Failure } from '../lib/failure';
import { openConnection } from '../lib/salesforce/connection';
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
  /** Through the rep's own `sid` cookie (also when absent), or the org's OAuth connection. */
  readonly via?: 'sid' | 'connection';
}

/**
 * The Salesforce user a context's requests act as: the connection's user, or the rep whose
 * `sid` it is as userinfo last named them (`userNameFor`); null when not known yet.
 */
export async function actingUserId(ctx: OrgContext): Promise<string | null> {
  const { db, session } = ctx;
  if (ctx.via === 'connection') {
    const connection = await db.get('connections', session.orgId);
    return connection?.userId ?? null;
  }
  return (await getOrg(db, session.orgId))?.userId ?? null;
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
  return { session, conn, db, settings, via: connection ? 'connection' : 'sid' };
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
