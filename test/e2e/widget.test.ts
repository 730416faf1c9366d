import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, OPTIONS_PAGE } from './extension';
import { useHarness } from './harness';
import { card, nth, SCREENSHOTS } from './org-pages';

const e2e = useHarness({
  org: { seed: 7, contacts: 20, leads: 20, personAccounts: 5, businessAccounts: 3 },
});

describe('the built extension in Chromium', () => {
  it('has the stable Id its manifest key gives, and a running service worker', async () => {
    expect(e2e.ext.extensionId).toBe(CHROME_EXTENSION_ID);
    const worker = await e2e.ext.worker();
    expect(await worker.evaluate(() => chrome.runtime.getManifest().manifest_version)).toBe(3);
  });

  it('opens the options page, which hears from the service worker', async () => {
    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    await expect.poll(() => page.getByTestId('worker-status').textContent()).toContain('0.1.0');
    await page.close();
  });

  it('shows the card on a Lightning Contact page and follows in-app navigation to a Lead', async () => {
    const contact = e2e.records.take('Contact');
    const lead = e2e.records.take('Lead');
    const page = await e2e.records.open(contact.id);
    const shown = card(page);
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(contact.id);
    await expect.poll(() => shown.textContent()).toContain(String(contact.fields.Name));
    await expect
      .poll(() => shown.textContent())
      .toMatch(contact.fields.HasOptedOutOfEmail ? /Unsubscribed/ : /Subscribed/);
    // The card lives in an open shadow root, so it neither takes nor leaks Salesforce's styles.
    expect(
      await page.evaluate(
        () => document.querySelector('unsubscribe-sync-widget')?.shadowRoot?.mode,
      ),
    ).toBe('open');
    await page.screenshot({ path: `${SCREENSHOTS}/widget-contact.png` });

    // A marker on window survives only a same-document navigation: the app changes records
    // through the History API, as Lightning does, and the card must follow without a reload.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.locator(`a[href$="/${lead.id}/view"]`).first().click();
    await page.waitForURL(e2e.emu.recordUrl(lead.id));
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(lead.id);
    await expect.poll(() => shown.textContent()).toContain(String(lead.fields.Name));
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

    // Back to the Contact through the browser's history, still without a page load.
    await page.goBack();
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(contact.id);
    await page.close();
  });

  it('shows the card on a Classic record page, and nothing where there is no person record', async () => {
    const contact = e2e.records.take('Contact');
    const page = await e2e.records.open(contact.id, { ui: 'classic' });
    await expect.poll(() => card(page).getAttribute('data-record-id')).toBe(contact.id);

    const business = nth(e2e.emu, 'Account', 0, 'IsPersonAccount = false');
    const person = e2e.records.take('PersonAccount');
    await page.goto(e2e.emu.recordUrl(person.id));
    await expect.poll(() => card(page).textContent()).toContain(String(person.fields.Name));
    await page.goto(e2e.emu.recordUrl(business.id));
    // The state read completes (the request is logged) and then the card stays away.
    await expect.poll(() => e2e.emu.log.count({ kind: 'retrieve', path: business.id })).toBe(1);
    await page.waitForTimeout(300);
    expect(await card(page).count()).toBe(0);

    await page.goto(`https://${e2e.emu.lightningHost}/lightning/page/home`);
    await page.waitForTimeout(300);
    expect(await card(page).count()).toBe(0);
    await page.close();
  });

  it('folds to its title bar, out of the way of Salesforce controls, and stays folded across records', async () => {
    const first = e2e.records.take('Contact');
    const page = await e2e.records.open(first.id);
    const shown = card(page);
    await expect.poll(() => shown.textContent()).toContain(String(first.fields.Name));
    const open = await shown.boundingBox();
    await shown.getByRole('button', { name: 'Hide' }).click();
    expect(await shown.getByRole('button', { name: 'Show' }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    expect(await shown.textContent()).not.toContain(String(first.fields.Name));
    const folded = await shown.boundingBox();
    expect((folded?.height ?? 0) * (folded?.width ?? 0)).toBeLessThan(
      ((open?.height ?? 0) * (open?.width ?? 0)) / 3,
    );
    // Another record from the page's own navigation (in-app, no page load).
    const link = page
      .locator(`a[href*="/lightning/r/Contact/"]:not([href*="${first.id}"])`)
      .first();
    const secondId =
      /\/Contact\/(\w+)\/view/.exec((await link.getAttribute('href')) ?? '')?.[1] ?? '';
    const second = e2e.emu.org.get(secondId);
    await link.click();
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(secondId);
    expect(await shown.getByRole('button', { name: 'Show' }).count()).toBe(1);
    await shown.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => shown.textContent()).toContain(String(second?.fields.Name));
    await page.close();
  });

  it('says so on the record when Salesforce cannot be reached, instead of hanging', async () => {
    const contact = e2e.records.take('Contact');
    // Every read of the record loses its connection (Chromium itself retries a GET once on a
    // reused connection, so a single drop would go unseen).
    const fault = e2e.emu.faults.add({ kind: 'retrieve', drop: true });
    const page = await e2e.records.open(contact.id, { until: 'shown' });
    await expect.poll(() => card(page).textContent()).toContain('Salesforce could not be reached');
    e2e.emu.faults.remove(fault);
    await page.screenshot({ path: `${SCREENSHOTS}/widget-network-error.png` });
    await page.close();
  });

  it('tells a rep with an expired session to sign in again', async () => {
    const contact = e2e.records.take('Contact');
    e2e.emu.sessions.expireAll();
    const page = await e2e.records.open(contact.id, { until: 'shown' });
    await expect.poll(() => card(page).textContent()).toContain('session expired');
    await page.close();
  });

  it('tells a rep with no session to sign in', async () => {
    await e2e.ext.context.clearCookies();
    const contact = e2e.records.take('Contact');
    const page = await e2e.records.open(contact.id, { until: 'shown' });
    await expect.poll(() => card(page).textContent()).toContain('Not signed in');
    await page.close();
  });
});
