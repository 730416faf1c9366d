import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/lib/settings';
import { ask, OPTIONS_PAGE } from './extension';
import { storedUnsubscribes, storeSettings } from './extension-store';
import { useHarness } from './harness';

/**
 * Issue 10 in Chromium: unsubscribes the extension holds for a record merged away and for a Lead
 * since converted are moved by the nightly run (Run now on the options page) onto the survivor and
 * the Contact, written there, and the options page's history says where they came from.
 */

const e2e = useHarness({
  org: {
    seed: 91,
    contacts: 30,
    leads: 10,
    personAccounts: 0,
    businessAccounts: 0,
    optedOutRate: 0,
  },
  start: 'org-learned',
});
let options: Page;

beforeAll(async () => {
  options = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
  await storeSettings(options, { ...defaultSettings(e2e.emu.orgId), nightlySync: true });
});

const region = (page: Page, name: string): Locator =>
  page.getByRole('region', { name, exact: true });

/** A click's unsubscribe, sent and confirmed by the outbox as any click is. */
async function unsubscribe(recordId: string): Promise<void> {
  await ask(options, { type: 'unsubscribe', recordId, pageUrl: e2e.emu.recordUrl(recordId) });
  await expect
    .poll(async () => (await storedUnsubscribes(options)).find((u) => u.recordId === recordId))
    .toMatchObject({ status: 'confirmed' });
}

/** The History dialog of a listed unsubscribe: its rows' text. */
async function historyOf(page: Page, recordId: string): Promise<string[]> {
  const row = page.getByTestId('unsubscribes').locator(`tr[data-record-id="${recordId}"]`);
  await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
  await row.getByRole('button', { name: 'History' }).click();
  const dialog = page.getByTestId('history-dialog');
  await dialog.waitFor();
  const entries = await dialog.locator('tbody tr').allTextContents();
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
  return entries;
}

describe('the nightly run with records that moved', () => {
  it('moves a merged record’s and a converted Lead’s unsubscribe on, and the history says so', async () => {
    const master = e2e.records.take('Contact', 'subscribed').id;
    const loser = e2e.records.take('Contact', 'subscribed').id;
    const contact = e2e.records.take('Contact', 'subscribed').id;
    const lead = e2e.records.take('Lead', 'subscribed').id;
    await unsubscribe(loser);
    await unsubscribe(lead);
    // Later, in Salesforce: the Contact is merged into another, the Lead converted.
    e2e.emu.org.merge(master, loser);
    e2e.emu.org.convertLead(lead, { contactId: contact });
    const writesBefore = e2e.emu.writes.entries().length;

    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const history = region(page, 'Run history');
    await history.getByRole('button', { name: 'Run now' }).click();
    const run = history.locator('tbody tr').first();
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');

    expect(e2e.emu.org.get(master)?.fields.HasOptedOutOfEmail).toBe(true);
    expect(e2e.emu.org.get(contact)?.fields.HasOptedOutOfEmail).toBe(true);
    // Both written in the run's one request for the moved unsubscribes.
    expect(
      e2e.emu.writes
        .entries()
        .slice(writesBefore)
        .map((w) => w.id)
        .sort(),
    ).toEqual([master, contact].sort());
    const stored = await storedUnsubscribes(options);
    for (const id of [master, contact])
      expect(stored.find((u) => u.recordId === id)?.status, id).toBe('confirmed');

    await region(page, 'Unsubscribes').getByRole('button', { name: 'Refresh' }).click();
    const moved = (entries: string[]) => entries.find((e) => e.includes('Moved')) ?? '';
    expect(moved(await historyOf(page, master))).toContain(`Merged into Contact ${master}`);
    expect(moved(await historyOf(page, contact))).toContain(`Converted to Contact ${contact}`);
    // The old records stay, failed, each with the same entry: a pointer to where it went.
    expect(moved(await historyOf(page, loser))).toContain(`Merged into Contact ${master}`);
    expect(moved(await historyOf(page, lead))).toContain(`Converted to Contact ${contact}`);
    await page.close();
  });
});
