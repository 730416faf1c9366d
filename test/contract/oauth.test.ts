import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, OAuth2 } from 'jsforce';
import { startEmulator, type Emulator } from '../emulator/index';
import { authorizeInBrowser } from './helpers/browser-login';
import { API_VERSION } from './helpers/emulator-client';

const CLIENT_ID = '3MVG9-unsubscribe-sync';
const REDIRECT_URI = 'https://abcdefghijklmnop.chromiumapp.org/';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 17 });
});
afterAll(() => emulator.close());

function oauth2For(target: Emulator): OAuth2 {
  return new OAuth2({
    loginUrl: target.baseUrl,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT_URI,
    useVerifier: true,
  });
}

/** The full authorization-code flow with PKCE; returns the connection jsforce builds from it. */
async function connectWithOAuth(target: Emulator): Promise<{ conn: Connection; oauth2: OAuth2 }> {
  const oauth2 = oauth2For(target);
  const { redirect } = await authorizeInBrowser(oauth2.getAuthorizationUrl({ state: 'st-1' }));
  expect(redirect.searchParams.get('state')).toBe('st-1');
  const conn = new Connection({ oauth2, version: API_VERSION });
  await conn.authorize(redirect.searchParams.get('code') ?? '');
  return { conn, oauth2 };
}

describe('OAuth 2.0 authorization code with PKCE', () => {
  it('logs in, asks for consent once, and issues tokens jsforce can use', async () => {
    const oauth2 = oauth2For(emulator);
    const first = await authorizeInBrowser(oauth2.getAuthorizationUrl({ state: 'abc' }));
    expect(first.pages).toEqual(['login', 'consent']);
    expect(`${first.redirect.origin}${first.redirect.pathname}`).toBe(REDIRECT_URI);
    const conn = new Connection({ oauth2, version: API_VERSION });
    const userInfo = await conn.authorize(first.redirect.searchParams.get('code') ?? '');
    expect(userInfo).toMatchObject({ id: emulator.userId, organizationId: emulator.orgId });
    expect(conn.instanceUrl).toBe(emulator.baseUrl);
    expect(conn.accessToken).toMatch(new RegExp(`^${emulator.orgId.slice(0, 15)}!`));
    expect(conn.refreshToken).toBeTruthy();
    expect((await conn.query('SELECT Id FROM Contact LIMIT 1')).totalSize).toBe(1);
    const identity = await conn.identity();
    expect(identity).toMatchObject({ user_id: emulator.userId, organization_id: emulator.orgId });
    const again = await authorizeInBrowser(oauth2.getAuthorizationUrl({ state: 'def' }));
    expect(again.pages).toEqual(['login']);
  });

  it('refuses a reused code, a wrong verifier, a wrong redirect_uri and a denial', async () => {
    const oauth2 = oauth2For(emulator);
    const { redirect } = await authorizeInBrowser(oauth2.getAuthorizationUrl());
    const code = redirect.searchParams.get('code') ?? '';
    await oauth2.requestToken(code);
    await expect(oauth2.requestToken(code)).rejects.toMatchObject({ name: 'invalid_grant' });

    const other = await authorizeInBrowser(oauth2.getAuthorizationUrl());
    const wrongVerifier = new OAuth2({
      loginUrl: emulator.baseUrl,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      useVerifier: true,
    });
    await expect(
      wrongVerifier.requestToken(other.redirect.searchParams.get('code') ?? ''),
    ).rejects.toMatchObject({ name: 'invalid_grant', message: 'invalid code verifier' });

    const third = await authorizeInBrowser(oauth2.getAuthorizationUrl());
    const response = await fetch(`${emulator.baseUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: third.redirect.searchParams.get('code') ?? '',
        client_id: CLIENT_ID,
        redirect_uri: 'https://evil.example/',
        code_verifier: oauth2.codeVerifier ?? '',
      }).toString(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'redirect_uri_mismatch',
      error_description: 'redirect_uri must match configuration',
    });

    const denied = await authorizeInBrowser(
      oauth2For(emulator).getAuthorizationUrl({ state: 's', prompt: 'consent' }),
      'deny',
    );
    expect(denied.redirect.searchParams.get('error')).toBe('access_denied');
  });

  it('lets jsforce refresh an expired access token and retry', async () => {
    const { conn } = await connectWithOAuth(emulator);
    const refreshed: Array<{ accessToken: string; refreshToken: unknown }> = [];
    conn.on('refresh', (accessToken: string, res: { refresh_token?: string }) =>
      refreshed.push({ accessToken, refreshToken: res.refresh_token }),
    );
    const oldToken = conn.accessToken;
    emulator.sessions.expireAll();
    expect((await conn.query('SELECT Id FROM Lead LIMIT 2')).totalSize).toBe(2);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]?.accessToken).not.toBe(oldToken);
    expect(refreshed[0]?.refreshToken).toBeUndefined();
    expect(
      emulator.log
        .entries({ kind: ['query', 'oauth-token'] })
        .slice(-3)
        .map((e) => `${e.kind}:${e.status}`),
    ).toEqual(['query:401', 'oauth-token:200', 'query:200']);
  });

  it('rotates refresh tokens when the org does, and expires tokens after their lifetime', async () => {
    const rotating = await startEmulator({
      seed: 18,
      rotateRefreshTokens: true,
      accessTokenTtlMs: 800,
    });
    try {
      const { conn, oauth2 } = await connectWithOAuth(rotating);
      const original = conn.refreshToken ?? '';
      const refreshTokens: string[] = [];
      conn.on('refresh', (_token: string, res: { refresh_token?: string }) =>
        refreshTokens.push(res.refresh_token ?? ''),
      );
      await new Promise((resolve) => setTimeout(resolve, 850));
      await conn.describe('Contact');
      expect(refreshTokens).toHaveLength(1);
      expect(refreshTokens[0]).toMatch(/^5Aep861/);
      expect(refreshTokens[0]).not.toBe(original);
      await expect(oauth2.refreshToken(original)).rejects.toMatchObject({ name: 'invalid_grant' });
    } finally {
      await rotating.close();
    }
  });

  it('revokes a refresh token and the access tokens issued from it', async () => {
    const { conn, oauth2 } = await connectWithOAuth(emulator);
    await oauth2.revokeToken(conn.refreshToken ?? '');
    await expect(conn.query('SELECT Id FROM Contact LIMIT 1')).rejects.toThrow(
      /Unable to refresh session due to: expired access\/refresh token/,
    );
    await expect(oauth2.revokeToken('no-such-token')).rejects.toThrow();
    expect(emulator.log.count({ kind: 'oauth-revoke' })).toBe(2);
  });
});
