import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ask, OPTIONS_PAGE } from './extension';
import { storedUnsubscribes } from './extension-store';
import { useHarness } from './harness';
import { card, signIn } from './org-pages';

/**
 * Issue 4, Connect: OAuth 2.0 web-server flow with PKCE through chrome.identity against the
 * emulator's authorize and token endpoints; the connection serves pushes when the rep's own
 * session is gone, survives a browser restart and an access-token expiry, and Disconnect
 * revokes and forgets it.
 */

const CLIENT_ID = '3MVG9_test_consumer_key_0001';
// Not signed in: the first test signs in through the OAuth window.
const e2e = useHarness({
  org: {
    seed: 21,
    contacts: 20,
    leads: 5,
    personAccounts: 2,
    businessAccounts: 1,
    optedOutRate: 0,
  },
  start: 'launched',
});

/** Completes the Salesforce sign-in and consent in the window chrome.identity opens. */
async function approveInAuthWindow(context: BrowserContext): Promise<void> {
  const popup = await context.waitForEvent('page', {
    predicate: (p) => p.url().includes('/services/oauth2/authorize'),
  });
  await popup.waitForLoadState();
  const login = popup.locator('#Login');
  if (await login.count()) await login.click();
  await popup.locator('#oaapprove').click();
}

interface OrgsAnswer {
  ok: boolean;
  orgs?: { orgId: string; connection: { kind: string; userName: string | null } }[];
}

const unsubscribedInSalesforce = (id: string) => e2e.emu.org.get(id)?.fields.HasOptedOutOfEmail;

describe('Connect (OAuth 2.0 with PKCE)', () => {
  it("shows the callback URL to enter in the External Client App: this build's redirect URL", async () => {
    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    await expect
      .poll(() => page.locator('.callback-url').textContent())
      .toBe(`https://${e2e.ext.extensionId}.chromiumapp.org/`);
    await page.close();
  });

  it('connects through the authorize and token endpoints and lists the connection', async () => {
    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const answer = ask<OrgsAnswer>(page, {
      type: 'connect',
      loginUrl: 'https://login.salesforce.com',
      clientId: CLIENT_ID,
    });
    await approveInAuthWindow(e2e.ext.context);
    const orgs = await answer;
    expect(orgs.ok).toBe(true);
    expect(orgs.orgs?.find((o) => o.orgId === e2e.emu.orgId)?.connection.kind).toBe('oauth');
    const tokenCalls = e2e.emu.log.entries({ kind: 'oauth-token' });
    expect(tokenCalls.map((e) => e.status)).toEqual([200]);
    await page.close();
  });

  it('pushes through the connection when the rep has no session, after a restart and a token expiry', async () => {
    await e2e.restart();
    // The browser session ended with the restart; the refresh token did not.
    await e2e.ext.context.clearCookies();
    e2e.emu.sessions.expireAll();
    const id = e2e.records.take('Contact', 'subscribed').id;
    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const pageUrl = e2e.emu.recordUrl(id);
    // The content script asks the same way from a record page; the options page stands in for
    // it here because without a session cookie the rep would first be sent to log in.
    const before = e2e.emu.log.count({ kind: 'oauth-token' });
    await ask(page, { type: 'record-state', recordId: id, pageUrl });
    const answer = await ask<{ ok: boolean; unsubscribe?: { status: string } }>(page, {
      type: 'unsubscribe',
      recordId: id,
      pageUrl,
    });
    expect(answer, JSON.stringify(answer)).toMatchObject({ ok: true });
    await expect
      .poll(async () => (await storedUnsubscribes(page)).find((u) => u.recordId === id)?.status)
      .toBe('confirmed');
    expect(unsubscribedInSalesforce(id)).toBe(true);
    // The expired access token was refreshed through jsforce: one refresh_token grant.
    expect(e2e.emu.log.count({ kind: 'oauth-token' })).toBe(before + 1);
    await page.close();
  });

  it('disconnects: revokes the refresh token and forgets it', async () => {
    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const orgs = await ask<OrgsAnswer>(page, { type: 'disconnect', orgId: e2e.emu.orgId });
    expect(orgs.orgs?.find((o) => o.orgId === e2e.emu.orgId)?.connection.kind).not.toBe('oauth');
    expect(e2e.emu.log.count({ kind: 'oauth-revoke' })).toBe(1);
    await page.close();
    // Back to the rep's own session.
    const signInPage = await e2e.ext.context.newPage();
    await signIn(e2e.emu, signInPage);
    const id = e2e.records.take('Contact', 'subscribed').id;
    await signInPage.goto(e2e.emu.recordUrl(id));
    await expect.poll(() => card(signInPage).textContent()).toContain('Subscribed');
    await signInPage.close();
  });
});
