import { describe, expect, it } from 'vitest';
import { useHarness } from './harness';
import { card, waitForCard } from './org-pages';

/**
 * Every record URL form a rep meets (issue 11, behaviour 6), in real Chromium against the
 * emulator: the card appears for the record the page is about, on a page load and after the
 * app's own in-place navigation.
 */

const e2e = useHarness({
  org: { seed: 41, contacts: 6, leads: 6, personAccounts: 3, businessAccounts: 1 },
});

describe('the card on every record URL form', () => {
  it('follows Lightning forms: any case, no object, edit, related list, the old one.app hash', async () => {
    const contact = e2e.records.take('Contact');
    const lead = e2e.records.take('Lead');
    const person = e2e.records.take('PersonAccount');
    const lightning = `https://${e2e.emu.lightningHost}`;
    const page = await e2e.ext.context.newPage();
    const shown = card(page);

    // A typed or pasted link: the object in lower case, a 15-character Id.
    await page.goto(`${lightning}/lightning/r/contact/${contact.id.slice(0, 15)}/view`);
    await waitForCard(page, 'read');
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(contact.id);
    await expect.poll(() => shown.textContent()).toContain(String(contact.fields.Name));

    // The app's own navigation (a link click: history.pushState, no page load) to the edit form
    // over the same record, then to a related list of a Lead.
    const go = async (href: string): Promise<void> => {
      await page.evaluate((h) => {
        const link = document.createElement('a');
        link.href = h;
        link.textContent = h;
        link.className = 'e2e-link';
        document.body.append(link);
      }, href);
      await page.locator(`a.e2e-link[href="${href}"]`).click();
      await page.waitForURL(`${lightning}${href}`);
    };
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await go(`/lightning/r/Contact/${contact.id}/edit`);
    await expect.poll(() => page.locator('[role="dialog"]').count()).toBe(1);
    expect(await shown.getAttribute('data-record-id')).toBe(contact.id);
    await go(`/lightning/r/Lead/${lead.id}/related/CampaignMembers/view`);
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(lead.id);
    await expect.poll(() => shown.textContent()).toContain(String(lead.fields.Name));
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

    // No object in the path.
    await page.goto(`${lightning}/lightning/r/${contact.id}/view`);
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(contact.id);

    // The format before Summer '18: the app rewrites it to the new one in place.
    await page.goto(`${lightning}/one/one.app#/sObject/${person.id}/view`);
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(person.id);
    await page.waitForURL(`${lightning}/lightning/r/Account/${person.id}/view`);
    await expect.poll(() => shown.textContent()).toContain(String(person.fields.Name));
    expect(await shown.getAttribute('data-record-id')).toBe(person.id);
    await page.close();
  });

  it('appears on Classic detail pages with query strings and on Classic edit pages', async () => {
    const contact = e2e.records.take('Contact');
    const lead = e2e.records.take('Lead');
    const classic = `https://${e2e.emu.myDomainHost}`;
    const page = await e2e.ext.context.newPage();
    const shown = card(page);
    await page.goto(`${classic}/${contact.id.slice(0, 15)}?srPos=0&srKp=003`);
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(contact.id);
    await expect.poll(() => shown.textContent()).toContain(String(contact.fields.Name));
    await page.goto(`${classic}/${lead.id.slice(0, 15)}/e?retURL=%2F${lead.id.slice(0, 15)}`);
    await expect.poll(() => page.locator('h1.pageType').textContent()).toBe('Lead Edit');
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(lead.id);
    await expect.poll(() => shown.textContent()).toContain(String(lead.fields.Name));
    await page.close();
  });
});
