import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPTIONAL_REALMS, realmOrigins } from '../../src/lib/salesforce-hosts';
import { DIST, OPTIONS_PAGE } from './extension';
import { useHarness } from './harness';
import { card, waitForCard } from './org-pages';

/**
 * Government Cloud and the Microsoft Defender for Cloud Apps proxy (issue 11, behaviour 7).
 *
 * What Chromium cannot do under automation: accept the prompt of `permissions.request`. The
 * options page's Allow button calls it from a trusted click, and Chromium then shows its native
 * dialog, which Playwright cannot reach (headless, it stays open and the promise never settles;
 * Chromium has no switch that accepts it). So the grant itself is made the one way Chromium grants
 * host permissions without a prompt: a copy of the built extension, identical but for its
 * optional realms' hosts moved into `host_permissions` (granted when an unpacked extension loads).
 * From there on everything is the product's own code: the worker sees the realms among its
 * permissions at start, registers the built content script for their hosts, the card appears on
 * their record pages, the background accepts the card's messages from those hosts and calls the
 * API on the realm's My Domain host with the `sid` of that host.
 */

const granted = mkdtempSync(join(tmpdir(), 'unsubscribe-sync-realms-'));
cpSync(DIST, granted, { recursive: true });
const manifestPath = join(granted, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
  host_permissions: string[];
  optional_host_permissions?: string[];
};
const realmHosts = OPTIONAL_REALMS.flatMap(realmOrigins);
manifest.host_permissions = [...manifest.host_permissions, ...realmHosts];
delete manifest.optional_host_permissions;
writeFileSync(manifestPath, JSON.stringify(manifest));
afterAll(() => rmSync(granted, { recursive: true, force: true }));

const e2e = useHarness({
  org: { seed: 43, contacts: 6, leads: 6, personAccounts: 2, businessAccounts: 1 },
  extensionDir: granted,
});

/** The rep's session on a realm's My Domain host: the emulator's sid, as its login would set it. */
async function signInOn(myDomainHost: string): Promise<void> {
  const [sid] = await e2e.ext.context.cookies(`https://${e2e.emu.myDomainHost}/`);
  if (!sid) throw new Error('no sid after sign-in');
  await e2e.ext.context.addCookies([
    {
      name: 'sid',
      value: sid.value,
      domain: myDomainHost,
      path: '/',
      secure: true,
      httpOnly: false,
      sameSite: 'None',
    },
  ]);
}

describe('other Salesforce realms, once granted', () => {
  it('registers the content script for each granted realm, with the built file', async () => {
    const worker = await e2e.ext.worker();
    await expect
      .poll(() =>
        worker.evaluate(async () =>
          (await chrome.scripting.getRegisteredContentScripts()).map((s) => ({
            id: s.id,
            matches: s.matches,
            js: s.js,
          })),
        ),
      )
      .toEqual([
        {
          id: 'realm-government',
          matches: ['https://*.lightning.crmforce.mil/*', 'https://*.my.salesforce.mil/*'],
          js: [expect.stringMatching(/\.js$/)],
        },
        {
          id: 'realm-mcas',
          matches: [
            'https://*.lightning.force.com.mcas.ms/*',
            'https://*.my.salesforce.com.mcas.ms/*',
          ],
          js: [expect.stringMatching(/\.js$/)],
        },
      ]);
    const manifestJs = await worker.evaluate(
      () => chrome.runtime.getManifest().content_scripts?.[0]?.js,
    );
    const registered = await worker.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.js?.[0]),
    );
    expect(registered).toEqual([manifestJs?.[0], manifestJs?.[0]]);
  });

  it.each([
    ['Government Cloud', 'acme.lightning.crmforce.mil', 'acme.my.salesforce.mil'],
    ['the MCAS proxy', 'acme.lightning.force.com.mcas.ms', 'acme.my.salesforce.com.mcas.ms'],
  ])(
    'shows the card on %s and reads the record on its My Domain host',
    async (_n, lightning, api) => {
      await signInOn(api);
      const contact = e2e.records.take('Contact');
      const page = await e2e.ext.context.newPage();
      await page.goto(`https://${lightning}/lightning/r/Contact/${contact.id}/view`);
      await waitForCard(page, 'read');
      await expect.poll(() => card(page).getAttribute('data-record-id')).toBe(contact.id);
      await expect.poll(() => card(page).textContent()).toContain(String(contact.fields.Name));
      // The state read went to the realm's API host, not the commercial one.
      const reads = e2e.emu.log
        .entries()
        .filter((entry) => entry.kind === 'retrieve' && entry.path.includes(contact.id));
      expect(reads.map((entry) => entry.host)).toContain(api);
      await page.close();
    },
  );

  it('says on the options page that both realms are allowed', async () => {
    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    await expect
      .poll(() => page.getByTestId('realm-government-state').textContent())
      .toMatch(/^Allowed/);
    await expect.poll(() => page.getByTestId('realm-mcas-state').textContent()).toMatch(/^Allowed/);
    await page.close();
  });
});
