import { copyFileSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../emulator/index';
import { ask, OPTIONS_PAGE } from './extension';
import { storedUnsubscribes, storeSettings } from './extension-store';
import type { PersonResponse } from '../../src/lib/options-messages';
import { defaultSettings } from '../../src/lib/settings';
import { useHarness } from './harness';
import { card, SCREENSHOTS } from './org-pages';

/**
 * The person-level push (the `sameEmail` setting, on by default) in real Chromium against the
 * emulator: the card names who else the click covers, the click sets them all in ONE write
 * request, and Undo takes them all back in one more. Twins are made by giving seeded records
 * the same address through the emulator's control API.
 */

const e2e = useHarness({
  org: {
    seed: 31,
    contacts: 30,
    leads: 12,
    personAccounts: 4,
    businessAccounts: 1,
    optedOutRate: 0,
  },
});
let extensionPage: Page;

beforeAll(async () => {
  extensionPage = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
});

const lastSeq = (): number => e2e.emu.log.entries().at(-1)?.seq ?? 0;
/** Requests to the Salesforce API (not pages) since a point in the log. */
const apiSince = (seq: number): LogEntry[] =>
  e2e.emu.log.entries({ afterSeq: seq }).filter((e) => e.path.startsWith('/services/'));
const field = (id: string, name: string) => e2e.emu.org.get(id)?.fields[name];
const covers = (page: Page) => card(page).getByTestId('covers');

async function stored(id: string) {
  return (await storedUnsubscribes(extensionPage)).find((u) => u.recordId === id);
}

describe('with the same-email setting on', () => {
  it('a click on a Contact whose address has a Contact twin at an Account, a Lead twin (other case) and a Person Account twin sets all four in one write request, leaves a converted Lead and a blank-email record untouched, shows the covered records on the card with their Account and Company, and Undo reverts all four', async () => {
    const address = 'ada.lovelace@analytical.example.com';
    const contact = e2e.records.take('Contact', 'subscribed').id;
    const twin = e2e.records.take('Contact', 'subscribed').id;
    const lead = e2e.records.take('Lead', 'subscribed').id;
    const account = e2e.records.take('PersonAccount', 'subscribed').id;
    const converted = e2e.records.take('Lead', 'subscribed').id;
    const blank = e2e.records.take('Contact', 'subscribed').id;
    const optedOut = e2e.records.take('Contact', 'opted-out').id;
    const [business] = e2e.emu.org.list('Account', { where: 'IsPersonAccount = false', limit: 1 });
    const accountId = business?.id ?? '';
    e2e.emu.org.set(accountId, { Name: 'Analytical Engines Ltd' });
    e2e.emu.org.set(contact, { FirstName: 'Ada', LastName: 'Lovelace', Email: address });
    e2e.emu.org.set(twin, {
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: address,
      AccountId: accountId,
    });
    e2e.emu.org.set(lead, {
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: address.toUpperCase(),
      Company: 'Difference Engine Co',
    });
    e2e.emu.org.set(account, { FirstName: 'Ada', LastName: 'Lovelace', PersonEmail: address });
    e2e.emu.org.set(converted, { Email: address });
    // Converted into this person's Contact, as sales does once the Lead buys.
    e2e.emu.org.convertLead(converted, { contactId: contact });
    e2e.emu.org.set(blank, { Email: null });
    e2e.emu.org.set(optedOut, { Email: address });
    const leadName = String(e2e.emu.org.get(lead)?.fields.Name);
    const twinName = String(e2e.emu.org.get(twin)?.fields.Name);
    const accountName = String(e2e.emu.org.get(account)?.fields.Name);

    const openSeq = lastSeq();
    const page = await e2e.records.open(contact, { until: 'unsubscribable' });
    await expect.poll(() => covers(page).textContent()).toContain('Also opts out:');
    // Each with where it belongs: the Contact's Account name, the Lead's Company; the Person
    // Account is the account, so its name alone.
    await expect
      .poll(() => covers(page).textContent())
      .toBe(
        `Also opts out: Contact ${twinName} (Analytical Engines Ltd), Lead ${leadName} (Difference Engine Co), Person Account ${accountName}`,
      );
    // Read in the same query per kind: the card load asks nothing more for them.
    expect(apiSince(openSeq).filter((e) => e.kind === 'query')).toHaveLength(3);
    const links = covers(page).getByRole('link');
    expect(await links.count()).toBe(3);
    expect(
      await covers(page)
        .getByRole('link', { name: `Contact ${twinName}`, exact: true })
        .count(),
    ).toBe(1);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.some((h) => h.includes(`/lightning/r/Contact/${twin}/view`))).toBe(true);
    expect(hrefs.some((h) => h.includes(`/lightning/r/Lead/${lead}/view`))).toBe(true);
    expect(hrefs.some((h) => h.includes(`/lightning/r/Account/${account}/view`))).toBe(true);
    // A twin already opted out needs no write: counted, not listed.
    await expect
      .poll(() => card(page).getByTestId('covers-already').textContent())
      .toBe('1 more with this email address opted out already.');
    mkdirSync('docs/screenshots', { recursive: true });
    await card(page).screenshot({ path: `${SCREENSHOTS}/state-same-email.png` });
    copyFileSync(`${SCREENSHOTS}/state-same-email.png`, 'docs/screenshots/state-same-email.png');

    const seq = lastSeq();
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    // The click itself: exactly one request, the Collections PATCH of all four.
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['collections-update']);
    expect(field(contact, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(twin, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(lead, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(account, 'PersonHasOptedOutOfEmail')).toBe(true);
    expect(field(converted, 'HasOptedOutOfEmail')).toBe(false);
    expect(field(blank, 'HasOptedOutOfEmail')).toBe(false);
    await expect.poll(() => covers(page).textContent()).toContain('Same email address:');
    await expect
      .poll(() => covers(page).textContent())
      .toBe(
        `Same email address: Contact ${twinName} (Analytical Engines Ltd, unsubscribed), Lead ${leadName} (Difference Engine Co, unsubscribed), Person Account ${accountName} (unsubscribed)`,
      );
    await card(page).screenshot({ path: `${SCREENSHOTS}/state-same-email-done.png` });
    expect((await stored(twin))?.place).toBe('Analytical Engines Ltd');
    expect((await stored(account))?.place).toBeUndefined();
    for (const id of [twin, lead, account]) {
      expect(await stored(id)).toMatchObject({ status: 'confirmed', source: 'click' });
      expect((await stored(id))?.history[0]?.coveredBy).toMatchObject({
        recordId: contact,
        object: 'Contact',
        name: 'Ada Lovelace',
      });
    }
    expect(await stored(converted)).toBeUndefined();
    expect(await stored(blank)).toBeUndefined();

    const undoSeq = lastSeq();
    await card(page).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => card(page).textContent()).toContain('Undone');
    expect(apiSince(undoSeq).map((e) => e.kind)).toEqual(['collections-update']);
    expect(field(contact, 'HasOptedOutOfEmail')).toBe(false);
    expect(field(twin, 'HasOptedOutOfEmail')).toBe(false);
    expect(field(lead, 'HasOptedOutOfEmail')).toBe(false);
    expect(field(account, 'PersonHasOptedOutOfEmail')).toBe(false);
    for (const id of [contact, twin, lead, account]) {
      expect((await stored(id))?.status).toBe('undone');
    }
    // Undo clears only what the click set: the twin opted out before stays so.
    expect(field(optedOut, 'HasOptedOutOfEmail')).toBe(true);
    await expect
      .poll(() => covers(page).textContent())
      .toContain(`Contact ${twinName} (Analytical Engines Ltd, subscribed again)`);
    await expect.poll(() => covers(page).textContent()).toContain('(subscribed again)');
    await page.close();

    // R9 on the options page: the Lead's history says why it was unsubscribed.
    await extensionPage.reload();
    const list = extensionPage.getByRole('region', { name: 'Unsubscribes', exact: true });
    await list.getByRole('button', { name: 'Refresh' }).click();
    const leadRow = extensionPage
      .getByTestId('unsubscribes')
      .locator(`tr[data-record-id="${lead}"]`);
    await leadRow.getByRole('button', { name: 'History' }).click();
    const history = extensionPage.getByRole('dialog', { name: `History of ${leadName}` });
    await expect
      .poll(() => history.locator('tbody tr').first().textContent())
      .toMatch(/Same email as Contact Ada Lovelace, clicked by \S+/);
    await extensionPage.keyboard.press('Escape');
  });

  it('Remove (R6) lists every record of the person with the field to uncheck on each; removing two of three leaves one, and the dialog says the nightly run brings them back', async () => {
    const address = 'mary.somerville@royal.example.com';
    const contact = e2e.records.take('Contact', 'subscribed').id;
    const lead = e2e.records.take('Lead', 'subscribed').id;
    const account = e2e.records.take('PersonAccount', 'subscribed').id;
    e2e.emu.org.set(contact, { FirstName: 'Mary', LastName: 'Somerville', Email: address });
    e2e.emu.org.set(lead, { Email: address.toUpperCase() });
    e2e.emu.org.set(account, { PersonEmail: address });
    const name = (id: string) => String(e2e.emu.org.get(id)?.fields.Name);
    const page = await e2e.records.open(contact, { until: 'unsubscribable' });
    await expect.poll(() => covers(page).textContent()).toContain('Also opts out:');
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    await page.close();
    for (const id of [contact, lead, account]) {
      await expect.poll(async () => (await stored(id))?.status).toBe('confirmed');
    }

    // With the setting off the person is the record alone, as before.
    await storeSettings(extensionPage, { ...defaultSettings(e2e.emu.orgId), sameEmail: false });
    const alone = await ask<PersonResponse>(extensionPage, {
      type: 'unsubscribe-person',
      orgId: e2e.emu.orgId,
      recordId: contact,
    });
    expect(alone.ok && alone.records.map((r) => r.recordId)).toEqual([contact]);
    await storeSettings(extensionPage, defaultSettings(e2e.emu.orgId));

    await extensionPage.reload();
    const list = extensionPage.getByRole('region', { name: 'Unsubscribes', exact: true });
    await list.getByRole('button', { name: 'Refresh' }).click();
    const row = (id: string) =>
      extensionPage.getByTestId('unsubscribes').locator(`tr[data-record-id="${id}"]`);
    await row(contact).getByRole('button', { name: 'Remove' }).click();
    const remove = extensionPage.getByRole('dialog', {
      name: 'Remove the unsubscribe of Mary Somerville?',
    });
    const records = remove.getByTestId('remove-record');
    await expect.poll(() => records.count()).toBe(3);
    // The clicked record first; each with its kind, its page and what to uncheck there.
    expect(await records.first().getAttribute('data-record-id')).toBe(contact);
    const kinds = { [contact]: 'Contact', [lead]: 'Lead', [account]: 'Person Account' };
    for (const [id, kind] of Object.entries(kinds)) {
      const record = remove.locator(`[data-testid="remove-record"][data-record-id="${id}"]`);
      await expect
        .poll(() => record.getByTestId('remove-fields').textContent())
        .toBe('Uncheck Email Opt Out in Salesforce');
      expect(await record.getByRole('link', { name: name(id) }).getAttribute('href')).toBe(
        e2e.emu.recordUrl(id),
      );
      expect(await remove.getByRole('checkbox', { name: `${kind} ${name(id)}` }).isChecked()).toBe(
        true,
      );
    }
    const text = () => remove.textContent();
    expect(await text()).toContain(
      'the extension never unchecks a field in Salesforce. Uncheck the fields listed on each record in Salesforce too, or the next nightly run brings them back.',
    );
    expect(await text()).toContain(
      'If any of these records keeps its field checked in Salesforce, the next nightly run brings the removed ones back while any record with this email address is still opted out.',
    );

    // Keep the Person Account: the dialog says the removed ones will come back.
    await remove.getByRole('checkbox', { name: `Person Account ${name(account)}` }).uncheck();
    await expect
      .poll(text)
      .toContain(
        'You are keeping 1 of these 3 records: while any record with this email address is still opted out, the next nightly run brings the removed ones back.',
      );
    await extensionPage.screenshot({ path: `${SCREENSHOTS}/options-remove-person.png` });
    await remove.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => list.getByText('Removed 2 unsubscribes.').count()).toBe(1);
    await expect.poll(() => row(contact).count()).toBe(0);
    expect(await row(lead).count()).toBe(0);
    expect(await row(account).count()).toBe(1);
    expect(await stored(contact)).toBeUndefined();
    expect(await stored(lead)).toBeUndefined();
    expect((await stored(account))?.status).toBe('confirmed');
    // From the extension only: Salesforce keeps every opt-out (R6).
    expect(field(contact, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(lead, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(account, 'PersonHasOptedOutOfEmail')).toBe(true);
  });

  it('names at most three records on the card, then how many more', async () => {
    const address = 'grace.hopper@navy.example.com';
    const contact = e2e.records.take('Contact', 'subscribed').id;
    const twins = Array.from({ length: 5 }, () => e2e.records.take('Lead', 'subscribed').id);
    for (const id of [contact, ...twins]) e2e.emu.org.set(id, { Email: address });
    const page = await e2e.records.open(contact, { until: 'unsubscribable' });
    await expect.poll(() => covers(page).textContent()).toMatch(/ and 2 more$/);
    expect(await covers(page).getByRole('link').count()).toBe(3);
    await page.close();
  });

  it('a click on a record with no email covers nobody, however many others have none', async () => {
    const [first, second] = [
      e2e.records.take('Contact', 'subscribed').id,
      e2e.records.take('Lead', 'subscribed').id,
    ];
    e2e.emu.org.set(first, { Email: null });
    e2e.emu.org.set(second, { Email: null });
    const page = await e2e.records.open(first, { until: 'unsubscribable' });
    expect(await covers(page).count()).toBe(0);
    const seq = lastSeq();
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['collections-update']);
    expect(field(second, 'HasOptedOutOfEmail')).toBe(false);
    expect((await stored(first))?.covers).toBeUndefined();
    await page.close();
  });
});

describe('with the same-email setting off', () => {
  it('the card names nobody else and a click sets the record alone, as before', async () => {
    await storeSettings(extensionPage, { ...defaultSettings(e2e.emu.orgId), sameEmail: false });
    try {
      const address = 'alan.turing@bletchley.example.com';
      const contact = e2e.records.take('Contact', 'subscribed').id;
      const lead = e2e.records.take('Lead', 'subscribed').id;
      for (const id of [contact, lead]) e2e.emu.org.set(id, { Email: address });
      const seq = lastSeq();
      const page = await e2e.records.open(contact, { until: 'unsubscribable' });
      // No same-email lookup on card load: no query at all.
      expect(apiSince(seq).filter((e) => e.kind === 'query')).toEqual([]);
      expect(await covers(page).count()).toBe(0);
      const clickSeq = lastSeq();
      await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
      await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
      expect(apiSince(clickSeq).map((e) => e.kind)).toEqual(['collections-update']);
      expect(field(contact, 'HasOptedOutOfEmail')).toBe(true);
      expect(field(lead, 'HasOptedOutOfEmail')).toBe(false);
      await page.close();
    } finally {
      await storeSettings(extensionPage, defaultSettings(e2e.emu.orgId));
    }
  });
});
