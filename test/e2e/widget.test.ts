import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { launchExtension, type LoadedExtension } from './extension';
import { card, nth as nthOf, SCREENSHOTS, signIn } from './org-pages';

let emu: Emulator;
let ext: LoadedExtension;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 7,
    contacts: 20,
    leads: 20,
    personAccounts: 5,
    businessAccounts: 3,
  });
  ext = await launchExtension(emu.port);
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await ext?.close();
  await emu?.close();
});

describe('the built extension in Chromium', () => {
  it('has the stable Id its manifest key gives, and a running service worker', async () => {
    expect(ext.extensionId).toBe('pkfoaobbgnkoehmgficncbgchdibapde');
    const worker = await ext.worker();
    expect(await worker.evaluate(() => chrome.runtime.getManifest().manifest_version)).toBe(3);
  });

  it('opens the options page, which hears from the service worker', async () => {
    const page = await ext.openExtensionPage('src/options/index.html');
    await expect.poll(() => page.getByTestId('worker-status').textContent()).toContain('0.1.0');
    await page.close();
  });

  it('shows the card on a Lightning Contact page and follows in-app navigation to a Lead', async () => {
    const page = await ext.context.newPage();
    await signIn(emu, page);
    const contact = nthOf(emu, 'Contact', 0);
    const lead = nthOf(emu, 'Lead', 0, 'IsConverted = false');
    await page.goto(emu.recordUrl(contact.id));
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
    await page.waitForURL(emu.recordUrl(lead.id));
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(lead.id);
    await expect.poll(() => shown.textContent()).toContain(String(lead.fields.Name));
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

    // Back to the Contact through the browser's history, still without a page load.
    await page.goBack();
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(contact.id);
    await page.close();
  });

  it('shows the card on a Classic record page, and nothing where there is no person record', async () => {
    const page = await ext.context.newPage();
    const contact = nthOf(emu, 'Contact', 1);
    await page.goto(`https://${emu.myDomainHost}/${contact.id.slice(0, 15)}`);
    await expect.poll(() => card(page).getAttribute('data-record-id')).toBe(contact.id);

    const business = nthOf(emu, 'Account', 0, 'IsPersonAccount = false');
    const person = nthOf(emu, 'Account', 0, 'IsPersonAccount = true');
    await page.goto(emu.recordUrl(person.id));
    await expect.poll(() => card(page).textContent()).toContain(String(person.fields.Name));
    await page.goto(emu.recordUrl(business.id));
    // The state read completes (the request is logged) and then the card stays away.
    await expect.poll(() => emu.log.count({ kind: 'retrieve', path: business.id })).toBe(1);
    await page.waitForTimeout(300);
    expect(await card(page).count()).toBe(0);

    await page.goto(`https://${emu.lightningHost}/lightning/page/home`);
    await page.waitForTimeout(300);
    expect(await card(page).count()).toBe(0);
    await page.close();
  });

  it('folds to its title bar, out of the way of Salesforce controls, and stays folded across records', async () => {
    const page = await ext.context.newPage();
    const first = nthOf(emu, 'Contact', 5);
    await page.goto(emu.recordUrl(first.id));
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
    const second = emu.org.get(secondId);
    await link.click();
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(secondId);
    expect(await shown.getByRole('button', { name: 'Show' }).count()).toBe(1);
    await shown.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => shown.textContent()).toContain(String(second?.fields.Name));
    await page.close();
  });

  it('says so on the record when Salesforce cannot be reached, instead of hanging', async () => {
    const page = await ext.context.newPage();
    const contact = nthOf(emu, 'Contact', 2);
    // Every read of the record loses its connection (Chromium itself retries a GET once on a
    // reused connection, so a single drop would go unseen).
    const fault = emu.faults.add({ kind: 'retrieve', drop: true });
    await page.goto(emu.recordUrl(contact.id));
    await expect.poll(() => card(page).textContent()).toContain('Salesforce could not be reached');
    emu.faults.remove(fault);
    await page.screenshot({ path: `${SCREENSHOTS}/widget-network-error.png` });
    await page.close();
  });

  it('tells a rep with an expired session to sign in again', async () => {
    const page = await ext.context.newPage();
    const contact = nthOf(emu, 'Contact', 3);
    emu.sessions.expireAll();
    await page.goto(emu.recordUrl(contact.id));
    await expect.poll(() => card(page).textContent()).toContain('session expired');
    await page.close();
  });

  it('tells a rep with no session to sign in', async () => {
    await ext.context.clearCookies();
    const page = await ext.context.newPage();
    const contact = nthOf(emu, 'Contact', 4);
    await page.goto(emu.recordUrl(contact.id));
    await expect.poll(() => card(page).textContent()).toContain('Not signed in');
    await page.close();
  });
});
