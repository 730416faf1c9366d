import { Connection, OAuth2 } from 'jsforce/core';
import type { Database } from '../lib/db/open';
import type { ConnectionRecord } from '../lib/db/schema';
import { toId18 } from '../lib/ids';
import type { Failure } from '../lib/failure';
import { pkcePair, randomToken } from '../lib/pkce';
import { apiHostFor } from '../lib/salesforce-hosts';
import { API_VERSION } from '../lib/salesforce/connection';
import { launchWebAuthFlow, redirectUrl } from './extension-api';

/**
 * Connect: OAuth 2.0 web-server flow with PKCE through `chrome.identity.launchWebAuthFlow`, for
 * the unattended nightly run. The refresh token stays in the extension's IndexedDB; jsforce
 * refreshes the access token when Salesforce answers 401.
 */

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  instance_url?: unknown;
  id?: unknown;
  error?: unknown;
  error_description?: unknown;
}

interface UserInfo {
  user_id?: unknown;
  preferred_username?: unknown;
}

const SCOPE = 'api refresh_token';
/** The OAuth connection of each org, kept for the worker's life (see oauthConnection). */
const live = new Map<string, { connectedAt: number; conn: Connection }>();
/** A 401 that persists after a refresh would make jsforce refresh forever: stop after this. */
const MAX_REFRESHES_PER_MINUTE = 2;

function oauthFailure(detail: string): Failure {
  return { ok: false, code: 'salesforce', detail };
}

async function postForm(url: string, form: Record<string, string>): Promise<TokenResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return (await response.json()) as TokenResponse;
}

/** The org and user a token's identity URL names: `…/id/<orgId>/<userId>`. */
function identityOf(idUrl: unknown): { orgId: string; userId: string } | null {
  if (typeof idUrl !== 'string') return null;
  const match = /\/id\/(00D[A-Za-z0-9]{12,15})\/(005[A-Za-z0-9]{12,15})\/?$/.exec(idUrl);
  const orgId = match?.[1] ? toId18(match[1]) : null;
  const userId = match?.[2] ? toId18(match[2]) : null;
  return orgId && userId ? { orgId, userId } : null;
}

/** Only a Salesforce My Domain instance is ever trusted with a token. */
function instanceUrlOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && apiHostFor(url.hostname) === url.hostname
      ? url.origin
      : null;
  } catch {
    return null;
  }
}

export async function connect(
  db: Database,
  loginUrl: string,
  clientId: string,
): Promise<ConnectionRecord | Failure> {
  const redirectUri = redirectUrl();
  const { verifier, challenge } = await pkcePair();
  const state = randomToken();
  const authorize = new URL(`${loginUrl}/services/oauth2/authorize`);
  for (const [key, value] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: SCOPE,
    state,
  })) {
    authorize.searchParams.set(key, value);
  }
  let answer: URL;
  try {
    answer = new URL(await launchWebAuthFlow(authorize.href));
  } catch (error) {
    return oauthFailure(error instanceof Error ? error.message : String(error));
  }
  const params = answer.searchParams;
  if (params.get('error'))
    return oauthFailure(params.get('error_description') ?? params.get('error') ?? '');
  const code = params.get('code');
  if (!code || params.get('state') !== state)
    return oauthFailure('Salesforce did not return an authorization code');

  const token = await postForm(`${loginUrl}/services/oauth2/token`, {
    grant_type: 'authorization_code',
    code,
    client_id: clientId,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  const identity = identityOf(token.id);
  const instanceUrl = instanceUrlOf(token.instance_url);
  if (
    typeof token.access_token !== 'string' ||
    typeof token.refresh_token !== 'string' ||
    !identity ||
    !instanceUrl
  ) {
    return oauthFailure(
      typeof token.error_description === 'string'
        ? token.error_description
        : 'Salesforce refused the sign-in',
    );
  }
  const info = await fetch(`${instanceUrl}/services/oauth2/userinfo`, {
    headers: { Authorization: `Bearer ${token.access_token}` },
  }).then(
    (r) => r.json() as Promise<UserInfo>,
    (): UserInfo => ({}),
  );
  const record: ConnectionRecord = {
    orgId: identity.orgId,
    instanceUrl,
    loginUrl,
    clientId,
    refreshToken: token.refresh_token,
    accessToken: token.access_token,
    userId: identity.userId,
    userName: typeof info.preferred_username === 'string' ? info.preferred_username : null,
    connectedAt: Date.now(),
  };
  await db.put('connections', record);
  const seen = await db.get('orgs', identity.orgId);
  await db.put('orgs', {
    orgId: identity.orgId,
    instanceUrl,
    userId: seen?.userId ?? identity.userId,
    userName: seen?.userName ?? record.userName,
    lastSeenAt: Date.now(),
  });
  return record;
}

/** Disconnect: revoke the refresh token at Salesforce (best effort) and forget it. */
export async function disconnect(db: Database, orgId: string): Promise<void> {
  const record = await db.get('connections', orgId);
  if (!record) return;
  await fetch(`${record.loginUrl}/services/oauth2/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: record.refreshToken }).toString(),
  }).catch(() => undefined);
  await db.delete('connections', orgId);
  live.delete(orgId);
}

/**
 * A jsforce connection on the OAuth tokens. On a 401 jsforce calls the refresh function, which
 * refreshes through jsforce's OAuth2 client, saves the new access token (and a rotated refresh
 * token, which jsforce itself would drop), and gives up after a few refreshes in a minute.
 */
export function oauthConnection(db: Database, record: ConnectionRecord): Connection {
  // One connection per org for the worker's life: jsforce then refreshes an expired token once
  // for all the requests that meet it, instead of once per request that started with it.
  const cached = live.get(record.orgId);
  if (cached && cached.connectedAt === record.connectedAt) return cached.conn;
  const conn = newOAuthConnection(db, record);
  live.set(record.orgId, { connectedAt: record.connectedAt, conn });
  return conn;
}

function newOAuthConnection(db: Database, record: ConnectionRecord): Connection {
  const oauth2 = new OAuth2({
    clientId: record.clientId,
    loginUrl: record.loginUrl,
    redirectUri: redirectUrl(),
  });
  const refreshedAt: number[] = [];
  let current = record;
  return new Connection({
    instanceUrl: record.instanceUrl,
    accessToken: record.accessToken,
    version: API_VERSION,
    refreshFn: (_conn, callback) => {
      const now = Date.now();
      while (refreshedAt.length > 0 && (refreshedAt[0] ?? 0) < now - 60_000) refreshedAt.shift();
      if (refreshedAt.length >= MAX_REFRESHES_PER_MINUTE) {
        const error = Object.assign(new Error('Session expired or invalid'), {
          errorCode: 'INVALID_SESSION_ID',
        });
        callback(error);
        return Promise.resolve();
      }
      refreshedAt.push(now);
      return oauth2.refreshToken(current.refreshToken).then(
        async (res) => {
          const rotated =
            typeof res.refresh_token === 'string' ? res.refresh_token : current.refreshToken;
          current = { ...current, accessToken: res.access_token, refreshToken: rotated };
          await db.put('connections', current);
          callback(null, res.access_token, res);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
}
