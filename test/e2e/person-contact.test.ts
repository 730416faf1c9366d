import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../emulator/index';
import { OPTIONS_PAGE } from './extension';
import { storedUnsubscribes } from './extension-store';
import { useHarness } from './harness';
import { card, waitForCard } from './org-pages';

/**
 * A Lightning page of a person contact (Salesforce can show a Person Account's Contact under a
 * Contact URL) in real Chromium against the emulator with `personContacts`: the card is the
 * Person Account's, and its click opts out the Account in one write, never the person contact.
 */

const e2e = useHarness({
  org: {
    seed: 37,
    contacts: 5,
    leads: 0,
    personAccounts: 3,
    businessAccounts: 0,
    optedOutRate: 0,
    personContacts: true,
  },
});

const lastSeq = (): number => e2e.emu.log.entries().at(-1)?.seq ?? 0;
/** Requests to the Salesforce API (not pages) since a point in the log. */
const apiSince = (seq: number): LogEntry[] =>
  e2e.emu.log.entries({ afterSeq: seq }).filter((e) => e.path.startsWith('/services/'));

describe("a person contact's page", () => {
  it('shows its Person Account, and Unsubscribe opts out the Account in one write', async () => {
    const account = e2e.records.take('PersonAccount', 'subscribed');
    const personContact = String(account.fields.PersonContactId);
    expect(personContact.slice(0, 3)).toBe('003');

    const page = await e2e.ext.context.newPage();
    const response = await page.goto(e2e.emu.recordUrl(personContact));
    expect(response?.status()).toBe(200);
    await waitForCard(page, 'unsubscribable');
    expect(await card(page).locator('.name').textContent()).toBe(String(account.fields.Name));

    const seq = lastSeq();
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    await expect.poll(() => card(page).locator('.state').textContent()).toBe('Unsubscribed');
    // The click itself: exactly one request, and it writes the Account.
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['collections-update']);
    expect(e2e.emu.writes.entries().map((w) => [w.object, w.id])).toEqual([
      ['Account', account.id],
    ]);
    expect(e2e.emu.org.get(account.id)?.fields.PersonHasOptedOutOfEmail).toBe(true);

    const extensionPage = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const stored = await storedUnsubscribes(extensionPage);
    expect(stored.map((u) => [u.object, u.recordId])).toEqual([['Account', account.id]]);
    await extensionPage.close();
    await page.close();
  });
});
