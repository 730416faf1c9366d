import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPTIONS_PAGE } from './extension';
import { storedUnsubscribes } from './extension-store';
import { useHarness } from './harness';
import { card } from './org-pages';

/**
 * Only a person's click writes. The card lives in an open shadow root that the Salesforce page's
 * own scripts can reach: a script there can move the app to another record and click the card's
 * buttons. Those clicks (and synthetic events) are ignored, without a word to the page, while a
 * real click, by mouse or keyboard (Playwright's input is trusted), still works.
 */

const e2e = useHarness({
  org: { seed: 13, contacts: 20, leads: 0, personAccounts: 0, businessAccounts: 0 },
});
let extensionPage: Page;

beforeAll(async () => {
  extensionPage = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
});

beforeEach(() => e2e.emu.faults.clear());

const freshContact = (): string => e2e.records.take('Contact', 'subscribed').id;
const optedOut = (id: string) => e2e.emu.org.get(id)?.fields.HasOptedOutOfEmail;
const lastSeq = (): number => e2e.emu.log.entries().at(-1)?.seq ?? 0;
const writesSince = (afterSeq: number): number =>
  e2e.emu.log.entries({ kind: 'collections-update', afterSeq }).length;
const statusOf = async (id: string) =>
  (await storedUnsubscribes(extensionPage)).find((u) => u.recordId === id)?.status;

/**
 * What a page script does, in the page's own world: `.click()` on the card's button named
 * `name`, then a synthetic click event dispatched on it, as an attacker might try both.
 */
async function forgeClick(page: Page, name: string): Promise<void> {
  const found = await page.evaluate((label) => {
    const root = document.querySelector('unsubscribe-sync-widget')?.shadowRoot;
    const button = [...(root?.querySelectorAll('button') ?? [])].find(
      (b) => b.textContent === label,
    );
    button?.click();
    button?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    return button !== undefined;
  }, name);
  expect(found, `the page script found the ${name} button`).toBe(true);
}

/** Long enough for a forged click's request and send to have reached the emulator. */
const settle = (page: Page) => page.waitForTimeout(1_500);

describe('a page script', () => {
  it('that moves to another Contact and clicks Unsubscribe writes nothing; a real click does', async () => {
    const first = freshContact();
    const second = freshContact();
    const page = await e2e.records.open(first, { until: 'unsubscribable' });
    const seq = lastSeq();
    // The button of the record shown, clicked right after the URL names another record.
    await page.evaluate((url) => {
      const root = document.querySelector('unsubscribe-sync-widget')?.shadowRoot;
      const button = [...(root?.querySelectorAll('button') ?? [])].find(
        (b) => b.textContent === 'Unsubscribe',
      );
      history.pushState({}, '', url);
      button?.click();
    }, e2e.emu.recordUrl(second));
    await expect.poll(() => card(page).getAttribute('data-record-id')).toBe(second);
    await card(page).getByRole('button', { name: 'Unsubscribe' }).waitFor();
    await forgeClick(page, 'Unsubscribe');
    await settle(page);
    expect(writesSince(seq)).toBe(0);
    expect(await statusOf(first)).toBeUndefined();
    expect(await statusOf(second)).toBeUndefined();
    // Silent: the card still offers Unsubscribe, with no "Unsubscribing…" and no error.
    expect(await card(page).textContent()).not.toMatch(/Unsubscribing|could not/);
    expect(await card(page).getAttribute('data-status')).toBe('none');

    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(writesSince(seq)).toBe(1);
    expect(optedOut(second)).toBe(true);
    expect(optedOut(first)).toBe(false);
    await page.close();
  });

  it('cannot Undo a rep’s unsubscribe; the rep’s own Undo, from the keyboard, can', async () => {
    const id = freshContact();
    const page = await e2e.records.open(id, { until: 'unsubscribable' });
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    const seq = lastSeq();
    await forgeClick(page, 'Undo');
    await settle(page);
    expect(writesSince(seq)).toBe(0);
    expect(optedOut(id)).toBe(true);
    expect(await statusOf(id)).toBe('confirmed');

    await card(page).getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => card(page).textContent()).toContain('Undone');
    expect(optedOut(id)).toBe(false);
    expect(await statusOf(id)).toBe('undone');
    await page.close();
  });

  it('cannot send a failed unsubscribe again; the rep’s Try again, from the keyboard, can', async () => {
    const id = freshContact();
    const page = await e2e.records.open(id, { until: 'unsubscribable' });
    e2e.emu.faults.add({
      kind: 'collections-update',
      times: 1,
      recordError: 'ENTITY_IS_DELETED',
      recordIds: [id],
    });
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('failed');
    const seq = lastSeq();
    await forgeClick(page, 'Try again');
    await settle(page);
    expect(writesSince(seq)).toBe(0);
    expect(await statusOf(id)).toBe('failed');

    await card(page).getByRole('button', { name: 'Try again' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(writesSince(seq)).toBe(1);
    expect(optedOut(id)).toBe(true);
    await page.close();
  });
});
