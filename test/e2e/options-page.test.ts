import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrgsResponse } from '../../src/lib/options-messages';
import type { OrgSettings } from '../../src/lib/settings';
import type { EmulatorOptions, LogEntry } from '../emulator/index';
import { ask, OPTIONS_PAGE } from './extension';
import { startHarness, useHarness } from './harness';
import { card, SCREENSHOTS } from './org-pages';

/**
 * Issue 4, the options page, in real Chromium against the emulator: the nightly switch and the
 * field choice decide what a click sets (R3, R7); the field check says what is missing and the
 * push refuses it (R1b, R8); the unsubscribe list searches, filters, exports, explains (R9) and
 * removes with the R6 warning; the page in English and Spanish.
 */

const ORG: EmulatorOptions = {
  seed: 31,
  contacts: 40,
  leads: 20,
  personAccounts: 3,
  businessAccounts: 1,
  optedOutRate: 0,
};
// The options page lists the org the extension learned from a record page.
const e2e = useHarness({ org: ORG, start: 'org-learned' });
let options: Page;
/** The Contacts (a) unsubscribed, for the list in (c). */
const unsubscribed: { id: string; name: string; email: string }[] = [];
/** The Lead whose push (b) refused, for Retry in (c). */
let refusedLead = '';

beforeAll(async () => {
  options = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
});

const section = (page: Page, name: string | RegExp): Locator =>
  page.getByRole('region', { name, exact: typeof name === 'string' });
const nightlySwitch = () => options.getByRole('switch', { name: 'Nightly unsubscribe sync' });
const sameEmailSwitch = () =>
  options.getByRole('switch', { name: 'Opt out every record with the same email address' });
const fieldCheck = () => options.getByTestId('field-check');
const field = (id: string, name: string) => e2e.emu.org.get(id)?.fields[name];
const lastSeq = (): number => e2e.emu.log.entries().at(-1)?.seq ?? 0;
const writesSince = (seq: number): LogEntry[] =>
  e2e.emu.log.entries({ afterSeq: seq }).filter((e) => e.kind === 'collections-update');

/** The org's settings as the background holds them now. */
async function savedSettings(): Promise<OrgSettings | undefined> {
  const answer = await ask<OrgsResponse>(options, { type: 'orgs' });
  return answer.ok ? answer.orgs[0]?.settings : undefined;
}

/** Chooses the opt-out field for every object by its label, as a user does. */
async function chooseForEveryObject(label: string): Promise<void> {
  await options
    .getByRole('group', { name: 'Opt-out field for every object' })
    .getByRole('radio', { name: label, exact: true })
    .check();
}

/** A subscribed Contact no other test has touched. */
const freshContact = () => e2e.records.take('Contact', 'subscribed');

async function unsubscribeOnRecordPage(id: string): Promise<void> {
  const page = await e2e.records.open(id, { until: 'unsubscribable' });
  await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
  await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
  await page.close();
}

describe('the options page', () => {
  it('shows the org the extension learned, how it is connected, and the running worker', async () => {
    const orgs = section(options, 'Salesforce org');
    await expect.poll(() => orgs.textContent()).toContain(`https://${e2e.emu.myDomainHost}`);
    await expect.poll(() => orgs.textContent()).toContain('(your Salesforce session)');
    await expect
      .poll(() => section(options, 'Connection').textContent())
      .toContain('Using your Salesforce session in this browser');
    await expect.poll(() => options.getByTestId('worker-status').textContent()).toContain('0.1.0');
    // Off by default, and the next run is only shown when the sync is on.
    expect(await nightlySwitch().isChecked()).toBe(false);
    expect(await options.getByTestId('next-run').count()).toBe(0);
    await expect
      .poll(() => section(options, 'Run history').textContent())
      .toContain('No nightly run yet.');
  });

  it('saves the same-email switch, on by default, off and on again', async () => {
    expect(await sameEmailSwitch().isChecked()).toBe(true);
    await sameEmailSwitch().uncheck();
    await expect.poll(async () => (await savedSettings())?.sameEmail).toBe(false);
    await sameEmailSwitch().check();
    await expect.poll(async () => (await savedSettings())?.sameEmail).toBe(true);
  });

  it('(a) the switch and "Both" make a click set both fields; switched off, only Email Opt Out', async () => {
    await nightlySwitch().check();
    await expect.poll(async () => (await savedSettings())?.nightlySync).toBe(true);
    await expect.poll(() => options.getByTestId('next-run').textContent()).toMatch(/^Next run: /);
    await chooseForEveryObject('Both');
    await expect.poll(async () => (await savedSettings())?.fieldChoice).toEqual({ kind: 'both' });
    // The field check runs again on the change: both Contact fields are there and editable.
    const contact = fieldCheck().locator('[data-kind="Contact"]');
    await expect
      .poll(() => contact.textContent())
      .toContain(
        'Marketo Sales Opt Out (mkto_si__Marketo_Sales_Opt_Out__c) exists and is editable',
      );
    expect(await contact.textContent()).toContain(
      'Email Opt Out (HasOptedOutOfEmail) exists and is editable',
    );

    const on = freshContact();
    await unsubscribeOnRecordPage(on.id);
    expect(field(on.id, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(on.id, 'mkto_si__Marketo_Sales_Opt_Out__c')).toBe(true);

    await nightlySwitch().uncheck();
    await expect.poll(async () => (await savedSettings())?.nightlySync).toBe(false);
    expect(await options.getByTestId('next-run').count()).toBe(0);
    const off = freshContact();
    await unsubscribeOnRecordPage(off.id);
    expect(field(off.id, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(off.id, 'mkto_si__Marketo_Sales_Opt_Out__c')).toBe(false);

    for (const record of [on, off]) {
      unsubscribed.push({
        id: record.id,
        name: String(record.fields.Name),
        email: String(record.fields.Email),
      });
    }
  });

  it('(b) says the Marketo field is not visible or not installed on Lead, and a push on a Lead is refused', async () => {
    e2e.emu.org.schema('Lead').removeMarketoField();
    await nightlySwitch().check();
    await chooseForEveryObject('Marketo Sales Opt Out field');
    await expect
      .poll(async () => (await savedSettings())?.fieldChoice)
      .toEqual({ kind: 'marketo' });
    const lead = fieldCheck().locator('[data-kind="Lead"]');
    await expect
      .poll(() => lead.textContent())
      .toContain('Marketo Sales Opt Out is not visible to you or not installed on Lead');
    expect(await lead.textContent()).toContain('or to install the Marketo Sales package');
    expect(await options.getByText('refuse a field that is missing or read-only').count()).toBe(1);
    await section(options, 'Unsubscribes').getByRole('button', { name: 'Refresh' }).click();
    await options.getByTestId('unsubscribes').waitFor();
    await options.screenshot({ path: `${SCREENSHOTS}/options-field-missing.png`, fullPage: true });

    const record = e2e.records.take('Lead', 'subscribed');
    const page = await e2e.records.open(record.id, { until: 'shown' });
    await expect
      .poll(() => card(page).textContent())
      .toContain('Marketo Sales Opt Out is not visible to you or not installed on Lead');
    const seq = lastSeq();
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('failed');
    expect(await card(page).textContent()).toContain(
      'Marketo Sales Opt Out is not visible to you or not installed on Lead',
    );
    expect(writesSince(seq)).toEqual([]);
    expect(field(record.id, 'HasOptedOutOfEmail')).toBe(false);
    await page.close();
    refusedLead = record.id;

    // Back to the defaults for what follows.
    await chooseForEveryObject('Salesforce Email Opt Out field');
    await nightlySwitch().uncheck();
    await expect.poll(async () => (await savedSettings())?.nightlySync).toBe(false);
  });

  it('(c) lists the unsubscribes: search, filter, export, history and remove', async () => {
    const list = section(options, 'Unsubscribes');
    await list.getByRole('button', { name: 'Refresh' }).click();
    const table = options.getByTestId('unsubscribes');
    for (const person of unsubscribed) {
      await expect.poll(() => table.textContent()).toContain(person.name);
    }
    const [first, second] = unsubscribed;
    if (!first || !second) throw new Error('(a) left no unsubscribes');
    const row = (id: string) => table.locator(`tr[data-record-id="${id}"]`);
    expect(await row(first.id).getByRole('link', { name: first.id }).getAttribute('href')).toBe(
      e2e.emu.recordUrl(first.id),
    );
    expect(await row(first.id).textContent()).toContain('Confirmed');
    expect(await row(first.id).textContent()).toContain('Clicked in this browser');
    // An address wraps after its @, never inside a name, and reads (and copies) whole.
    const email = row(first.id).locator('.email');
    expect(await email.textContent()).toBe(first.email);
    expect(await email.innerHTML()).toContain('@<wbr>');

    // Search by name, by email (any case), by Id; the state filter.
    const search = list.getByRole('searchbox', { name: 'Search name, email or Id' });
    await search.fill(first.name.toUpperCase());
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await search.fill(second.email.toUpperCase());
    await expect.poll(() => row(second.id).count()).toBe(1);
    expect(await row(first.id).count()).toBe(0);
    await search.fill(first.id.slice(0, 15).toLowerCase());
    await expect.poll(() => row(first.id).count()).toBe(1);
    await search.fill('');
    const state = list.getByRole('combobox', { name: 'State' });
    await state.selectOption({ label: 'Failed' });
    await expect.poll(() => table.locator(`tr[data-status="confirmed"]`).count()).toBe(0);
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    await state.selectOption({ label: 'Confirmed' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);

    // Export CSV: the rows shown, as a file.
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      list.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^unsubscribes-00D\w+-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Org Id,Record Id,Object,Name,Email,State,Reason,Source,Who,When (ISO 8601)',
    );
    expect(lines.filter(Boolean)).toHaveLength(3);
    for (const person of unsubscribed) {
      const line = lines.find((l) => l.includes(person.id)) ?? '';
      expect(line).toContain(`${e2e.emu.orgId},${person.id},Contact,`);
      expect(line).toContain(',Confirmed,,Clicked in this browser,');
      expect(line).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }

    // Retry: the Lead (b) refused goes through now that Email Opt Out is chosen again.
    await state.selectOption({ label: 'Failed' });
    const lead = row(refusedLead);
    expect(await lead.textContent()).toContain(
      'Marketo Sales Opt Out is not visible to you or not installed on Lead',
    );
    await lead.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => lead.count()).toBe(0);
    await state.selectOption({ label: 'All' });
    await expect.poll(() => lead.getAttribute('data-status')).toBe('confirmed');
    expect(field(refusedLead, 'HasOptedOutOfEmail')).toBe(true);

    // History: R9, why this person is unsubscribed.
    await row(first.id).getByRole('button', { name: 'History' }).click();
    const history = options.getByRole('dialog', { name: `History of ${first.name}` });
    await expect.poll(() => history.isVisible()).toBe(true);
    const entries = history.locator('tbody tr');
    expect(await entries.count()).toBe(2);
    expect(await entries.nth(0).textContent()).toContain('Unsubscribed');
    expect(await entries.nth(1).textContent()).toContain('Confirmed by Salesforce');
    await options.screenshot({ path: `${SCREENSHOTS}/options-history.png` });
    await options.keyboard.press('Escape');
    await expect.poll(() => history.count()).toBe(0);

    // Remove: the R6 warning, the record with its link and its field, then the row is gone.
    // No other record has this address: the person is this record alone, with nothing to choose.
    await row(second.id).getByRole('button', { name: 'Remove' }).click();
    const remove = options.getByRole('dialog', {
      name: `Remove the unsubscribe of ${second.name}?`,
    });
    await expect
      .poll(() => remove.textContent())
      .toContain(
        'This removes the unsubscribe from the extension only: the extension never unchecks a field in Salesforce. The next nightly run brings it back unless you also uncheck Email Opt Out in Salesforce.',
      );
    const records = remove.getByTestId('remove-record');
    expect(await records.count()).toBe(1);
    expect(await records.getByRole('checkbox').count()).toBe(0);
    expect(await records.getByTestId('remove-fields').textContent()).toBe(
      'Uncheck Email Opt Out in Salesforce',
    );
    expect(await records.getByRole('link', { name: second.name }).getAttribute('href')).toBe(
      e2e.emu.recordUrl(second.id),
    );
    await options.screenshot({ path: `${SCREENSHOTS}/options-remove.png` });
    await remove.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row(second.id).count()).toBe(0);
    expect(await row(first.id).count()).toBe(1);
    // Removed from the extension only: Salesforce keeps the opt-out (R6).
    expect(field(second.id, 'HasOptedOutOfEmail')).toBe(true);
  });

  it('takes a per-object exception, an API-name override, and reports a read-only field', async () => {
    const fields = section(options, 'Opt-out fields');
    await fields.getByText('Different choice per object').click();
    const leadGroup = fields.getByRole('group', { name: 'Lead', exact: true });
    await leadGroup.getByRole('radio', { name: 'Another checkbox field' }).check();
    await leadGroup
      .getByRole('combobox', { name: 'Checkbox field' })
      .selectOption('Do_Not_Call_Sales__c');
    await expect
      .poll(async () => (await savedSettings())?.perObject)
      .toEqual({ Lead: { kind: 'other', field: 'Do_Not_Call_Sales__c' } });
    await expect
      .poll(() => fieldCheck().locator('[data-kind="Lead"]').textContent())
      .toContain('Do Not Call (Sales) (Do_Not_Call_Sales__c) exists and is editable');
    await leadGroup.getByRole('radio', { name: 'Same as for every object' }).check();
    await expect.poll(async () => (await savedSettings())?.perObject).toEqual({});

    // R8: an API name that is not one is refused on the page; a valid one is saved.
    const overrides = fields.getByRole('group', { name: /Marketo Sales Opt Out API name/ });
    const contactName = overrides.getByRole('textbox', { name: 'Contact' });
    await contactName.fill('not an API name');
    await contactName.press('Tab');
    await expect.poll(() => overrides.textContent()).toContain('This is not an API name');
    expect((await savedSettings())?.marketoApiName).toEqual({});
    await contactName.fill('mkto_si__Marketo_Sales_Opt_Out__c');
    await contactName.press('Tab');
    await expect
      .poll(async () => (await savedSettings())?.marketoApiName)
      .toEqual({ Contact: 'mkto_si__Marketo_Sales_Opt_Out__c' });
    await contactName.fill('');
    await contactName.press('Tab');
    await expect.poll(async () => (await savedSettings())?.marketoApiName).toEqual({});

    // R1b: a field the user cannot edit, found by "Check again", with the fix.
    e2e.emu.org.schema('Contact').setReadOnly('HasOptedOutOfEmail', true);
    try {
      await fields.getByRole('button', { name: 'Check again' }).click();
      const contact = fieldCheck().locator('[data-kind="Contact"]');
      await expect
        .poll(() => contact.textContent())
        .toContain('Email Opt Out is not editable for your user');
      expect(await contact.textContent()).toContain(
        'Ask your Salesforce admin for edit access to this field (field-level security)',
      );
    } finally {
      e2e.emu.org.schema('Contact').setReadOnly('HasOptedOutOfEmail', false);
    }
    await fields.getByRole('button', { name: 'Check again' }).click();
    await expect
      .poll(() => fieldCheck().locator('[data-kind="Contact"]').textContent())
      .toContain('Email Opt Out (HasOptedOutOfEmail) exists and is editable');
  });

  it('(d) in English, the whole page, with the switch turned on from the keyboard', async () => {
    await options.reload();
    await expect.poll(() => options.getByTestId('unsubscribes').count()).toBe(1);
    await fieldCheck().locator('[data-kind="Contact"]').waitFor();
    await nightlySwitch().focus();
    await options.keyboard.press('Space');
    await expect.poll(async () => (await savedSettings())?.nightlySync).toBe(true);
    await expect.poll(() => options.getByTestId('next-run').textContent()).toMatch(/^Next run: /);
    await options.screenshot({ path: `${SCREENSHOTS}/options-en.png`, fullPage: true });
  });
});

describe('the options page in Spanish', () => {
  it('(d) follows the browser language', async () => {
    // Its own browser, profile and org, signed in and with the org learned from a record page.
    const es = await startHarness({ org: ORG, start: 'org-learned', locale: 'es' });
    try {
      const optionsEs = await es.ext.openExtensionPage(OPTIONS_PAGE);
      // The page says which language it is in: the catalog Chrome picked.
      expect(await optionsEs.locator('html').getAttribute('lang')).toBe('es');
      const nightlyEs = optionsEs.getByRole('switch', {
        name: 'Sincronización nocturna de cancelaciones de suscripción',
      });
      // The page's switches, in order: the nightly sync's, then the same-email one's.
      await expect
        .poll(() => optionsEs.getByRole('switch').first().getAttribute('id'))
        .toBe('nightly-switch');
      expect(await nightlyEs.count()).toBe(1);
      expect(
        await optionsEs
          .getByRole('switch', {
            name: 'Cancelar la suscripción de todos los registros con la misma dirección de correo electrónico',
          })
          .isChecked(),
      ).toBe(true);
      await optionsEs.getByText('Campos de exclusión', { exact: true }).waitFor();
      // Its own profile, its own settings: on here too, to show the next run in Spanish.
      await nightlyEs.check();
      await expect
        .poll(() => optionsEs.getByTestId('next-run').textContent())
        .toMatch(/^Próxima ejecución: \S+, \d+ de \S+ de \d{4}/);
      await optionsEs.getByTestId('field-check').locator('[data-kind="Contact"]').waitFor();
      await optionsEs.screenshot({ path: `${SCREENSHOTS}/options-es.png`, fullPage: true });
    } finally {
      await es.close();
    }
  });
});

describe('the options page in Portuguese', () => {
  it('(d) is in Brazilian Portuguese, and says so', async () => {
    const pt = await startHarness({ org: ORG, start: 'org-learned', locale: 'pt-BR' });
    try {
      const optionsPt = await pt.ext.openExtensionPage(OPTIONS_PAGE);
      expect(await optionsPt.locator('html').getAttribute('lang')).toBe('pt-BR');
      const nightlyPt = optionsPt.getByRole('switch', {
        name: 'Sincronização noturna de cancelamentos de inscrição',
      });
      await nightlyPt.check();
      await expect
        .poll(() => optionsPt.getByTestId('next-run').textContent())
        .toMatch(/^Próxima execução: /);
      await optionsPt.getByRole('button', { name: 'Executar agora' }).waitFor();
      await optionsPt.getByTestId('field-check').locator('[data-kind="Contact"]').waitFor();
      await optionsPt.screenshot({ path: `${SCREENSHOTS}/options-pt-BR.png`, fullPage: true });
    } finally {
      await pt.close();
    }
  });
});
