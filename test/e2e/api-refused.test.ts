import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../emulator/index';
import { ask, OPTIONS_PAGE } from './extension';
import { useHarness } from './harness';
import { card, SCREENSHOTS, signIn } from './org-pages';

/**
 * Issue 11, behaviour 2: an org with API Access Control refuses the rep's own `sid`, a fresh one
 * too. A click is kept queued, the card says the cure (Connect), nothing loops, and Connect
 * delivers it.
 */

const CLIENT_ID = '3MVG9_test_consumer_key_0011';
const e2e = useHarness({
  org: {
    seed: 31,
    contacts: 20,
    leads: 5,
    personAccounts: 2,
    businessAccounts: 1,
    optedOutRate: 0,
  },
});

const lastSeq = (): number => e2e.emu.log.entries().at(-1)?.seq ?? 0;
const writesSince = (seq: number): LogEntry[] =>
  e2e.emu.log.entries({ kind: 'collections-update', afterSeq: seq });

async function approveInAuthWindow(context: BrowserContext): Promise<void> {
  const popup = await context.waitForEvent('page', {
    predicate: (p) => p.url().includes('/services/oauth2/authorize'),
  });
  await popup.waitForLoadState();
  const login = popup.locator('#Login');
  if (await login.count()) await login.click();
  await popup.locator('#oaapprove').click();
}

describe('a click under a refused API session', () => {
  it('shows the cure on the card, keeps the click queued without a loop, and is delivered after Connect', async () => {
    const id = e2e.records.take('Contact', 'subscribed').id;
    const page: Page = await e2e.records.open(id, { until: 'unsubscribable' });
    e2e.emu.apiAccess.set('approved-apps-only');
    const seq = lastSeq();
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    // The first refusal of a session reads as an expired one.
    await expect.poll(() => card(page).textContent()).toContain('session expired');
    // The rep signs in again: the fresh sid is refused too, so the org allows approved apps only.
    // (The emulator shows its login form only to a browser without a live session.)
    e2e.emu.sessions.expireAll();
    const login = await e2e.ext.context.newPage();
    await signIn(e2e.emu, login);
    await login.close();
    await expect
      .poll(() => card(page).textContent())
      .toContain(
        'Your org allows only approved apps to use the API: use Connect on the options page',
      );
    await expect.poll(() => card(page).textContent()).toContain('saved and will be sent');
    await page.screenshot({ path: `${SCREENSHOTS}/state-api-not-approved.png` });
    // No loop: one refused write per session, and nothing more while it waits.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(writesSince(seq).map((e) => e.status)).toEqual([401, 401]);
    expect(e2e.emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(false);

    const options = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const answer = ask<{ ok: boolean }>(options, {
      type: 'connect',
      loginUrl: 'https://login.salesforce.com',
      clientId: CLIENT_ID,
    });
    await approveInAuthWindow(e2e.ext.context);
    expect((await answer).ok).toBe(true);
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(e2e.emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(true);
    const statuses = writesSince(seq).map((e) => e.status);
    console.log(`api refused: writes ${JSON.stringify(statuses)}`);
    expect(statuses).toEqual([401, 401, 200]);
    e2e.emu.apiAccess.set('enabled');
    await options.close();
    await page.close();
  });
});
