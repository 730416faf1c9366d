import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../emulator/index';
import { OPTIONS_PAGE } from './extension';
import { useHarness } from './harness';
import { card, SCREENSHOTS } from './org-pages';

/**
 * Issue 11, behaviours 1 and 9: what a real org's duplicate rules and field-level security do to
 * a click, in real Chromium against the emulator. Duplicate rules are learnt per record (an
 * "Allow" rule with an alert, a "Block" rule); field-level security through the live schema: a
 * Lead's Email Opt Out read-only, a Person Account's hidden (absent from describe).
 */

const e2e = useHarness({
  org: { seed: 17, contacts: 20, leads: 10, personAccounts: 3, businessAccounts: 1 },
});
let options: Page;

beforeAll(() => {
  // Before any card reads a describe (it is cached for a day): the schema the rep's profile sees.
  e2e.emu.org.schema('Lead').setReadOnly('HasOptedOutOfEmail', true);
  e2e.emu.org.schema('Account').removeField('PersonHasOptedOutOfEmail');
});

const lastSeq = (): number => e2e.emu.log.entries().at(-1)?.seq ?? 0;
const writesSince = (seq: number): LogEntry[] =>
  e2e.emu.log.entries({ afterSeq: seq }).filter((e) => e.kind === 'collections-update');
const field = (id: string, name: string) => e2e.emu.org.get(id)?.fields[name];
const status = (page: Page) => card(page).getAttribute('data-status');

async function openOptions(): Promise<Page> {
  options ??= await e2e.ext.openExtensionPage(OPTIONS_PAGE);
  return options;
}

const section = (page: Page, name: string): Locator =>
  page.getByRole('region', { name, exact: true });

describe('duplicate rules', () => {
  it('a click on a Contact that an "Allow" rule (with an alert) matches is delivered', async () => {
    const contact = e2e.records.take('Contact', 'subscribed');
    e2e.emu.org.addDuplicateRule(contact.id, { action: 'allow' });
    const page = await e2e.records.open(contact.id, { until: 'unsubscribable' });
    const seq = lastSeq();
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => status(page)).toBe('confirmed');
    expect(field(contact.id, 'HasOptedOutOfEmail')).toBe(true);
    const writes = writesSince(seq);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.duplicateRuleHeader).toBe('allowSave=true');
    await page.close();
  });

  it('a "Block" rule still refuses it, and the card and the options page say so in plain words', async () => {
    const contact = e2e.records.take('Contact', 'subscribed');
    e2e.emu.org.addDuplicateRule(contact.id, { action: 'block' });
    const page = await e2e.records.open(contact.id, { until: 'unsubscribable' });
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => status(page)).toBe('failed');
    const words =
      'A duplicate rule in your org blocked the change: Use one of these records? (Standard_Contact_Duplicate_Rule)';
    await expect.poll(() => card(page).textContent()).toContain(words);
    await page.screenshot({ path: `${SCREENSHOTS}/state-duplicate-blocked.png` });
    expect(field(contact.id, 'HasOptedOutOfEmail')).toBe(false);
    await page.close();

    const optionsPage = await openOptions();
    const list = section(optionsPage, 'Unsubscribes');
    await list.getByRole('button', { name: 'Refresh' }).click();
    const row = optionsPage
      .getByTestId('unsubscribes')
      .locator(`tr[data-record-id="${contact.id}"]`);
    await expect.poll(() => row.textContent()).toContain(words);
  });
});

describe('field-level security', () => {
  it('a field the rep can read but not edit is refused before the write, on the card and in the field check', async () => {
    const lead = e2e.records.take('Lead', 'subscribed');
    const page = await e2e.records.open(lead.id, { until: 'shown' });
    const words =
      'Email Opt Out is not editable for your user — ask your admin for field-level edit access';
    await expect.poll(() => card(page).textContent()).toContain(words);
    const seq = lastSeq();
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => status(page)).toBe('failed');
    expect(await card(page).textContent()).toContain(words);
    await page.screenshot({ path: `${SCREENSHOTS}/state-field-read-only.png` });
    expect(writesSince(seq)).toEqual([]);
    expect(field(lead.id, 'HasOptedOutOfEmail')).toBe(false);
    await page.close();

    const optionsPage = await openOptions();
    const check = optionsPage.getByTestId('field-check').locator('[data-kind="Lead"]');
    await expect.poll(() => check.textContent()).toContain(words);
  });

  it('a field hidden from the rep is "not visible to you or not installed", not "not installed"', async () => {
    const account = e2e.records.take('PersonAccount');
    const page = await e2e.records.open(account.id, { until: 'shown' });
    const words = 'Email Opt Out is not visible to you or not installed on Person Account';
    await expect.poll(() => card(page).textContent()).toContain(words);
    await page.close();

    const optionsPage = await openOptions();
    const check = optionsPage.getByTestId('field-check').locator('[data-kind="PersonAccount"]');
    await expect.poll(() => check.textContent()).toContain(words);
    expect(await check.textContent()).toContain(
      'Ask your Salesforce admin to make the field visible to you (field-level security)',
    );
    await optionsPage.screenshot({
      path: `${SCREENSHOTS}/options-field-security.png`,
      fullPage: true,
    });
  });
});
