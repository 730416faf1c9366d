import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../../src/lib/db/schema';
import type { OrgsResponse } from '../../src/lib/options-messages';
import { defaultSettings, type OrgSettings } from '../../src/lib/settings';
import {
  startEmulator,
  type Emulator,
  type EmulatorOptions,
  type LogEntry,
} from '../emulator/index';
import {
  BROWSERS,
  launchBrowserUnderTest,
  type BrowserLaunch,
  type BrowserName,
  type BrowserUnderTest,
  type TabUnderTest,
} from './browser-under-test';
import { OPTIONS_PAGE, type WorkerMessage } from './extension';
import { storedUnsubscribes } from './extension-store';
import { machinePolicy } from './machine-policy';
import { SCREENSHOTS } from './org-pages';
import { RecordPool } from './records';

/**
 * Issue 14: the core scenarios, one definition run in Chromium and in Firefox ESR, each against
 * its own emulated org with the build for that browser (`dist/`, `dist-firefox/`): the card on
 * Lightning and Classic pages and through in-app navigation, a click written once, a transient
 * fault retried, the background stopped mid-push and resumed, the options page's field choice,
 * and the nightly run.
 */

const ORG: EmulatorOptions = {
  seed: 61,
  contacts: 60,
  leads: 20,
  personAccounts: 3,
  businessAccounts: 1,
  optedOutRate: 0,
};

/** One browser against one org, signed in, with the extension's options page open. */
interface Session {
  readonly emu: Emulator;
  readonly browser: BrowserUnderTest;
  readonly records: RecordPool;
  /** The options tab; a test that needs no extension page open closes it and opens another. */
  options: TabUnderTest;
}

/** Starts the org and the browser in `beforeAll`, and closes both in `afterAll`. */
function useSession(name: BrowserName, launch: BrowserLaunch = {}): () => Session {
  let session: Session | undefined;
  beforeAll(async () => {
    const emu = await startEmulator(ORG);
    let browser: BrowserUnderTest | undefined;
    try {
      browser = await launchBrowserUnderTest(name, emu, launch);
      const records = new RecordPool(emu);
      await signIn(emu, browser);
      // The extension learns the org from a record page, before its options page lists it.
      const first = await browser.newTab();
      await first.goto(records.pageUrl(records.take('Contact').id));
      // (expect.poll is for tests; the set-up waits with vi.waitFor.)
      await vi.waitFor(async () => expect((await first.card())?.text).toMatch(/Subscribed/), {
        timeout: 15_000,
      });
      await first.close();
      const options = await browser.openExtensionPage(OPTIONS_PAGE);
      session = { emu, browser, records, options };
    } catch (error) {
      await browser?.close();
      await emu.close();
      throw error;
    }
  });
  afterAll(async () => {
    await session?.browser.close();
    await session?.emu.close();
  });
  beforeEach(() => session?.emu.faults.clear());
  return () => {
    if (!session) throw new Error('the session starts in beforeAll');
    return session;
  };
}

/** Signs in through the org's login page, as a rep does. */
async function signIn(emu: Emulator, browser: BrowserUnderTest): Promise<void> {
  const tab = await browser.newTab();
  await tab.goto(`https://${emu.myDomainHost}/`);
  await tab.click('button', 'Log In');
  const home = new RegExp(`^https://${emu.lightningHost.replace(/\./g, '\\.')}/`);
  await vi.waitFor(async () => expect(await tab.location()).toMatch(home), { timeout: 30_000 });
  await tab.close();
}

/** Sends a message to the background from an extension page, as the options page does. */
function ask<T>(tab: TabUnderTest, message: WorkerMessage): Promise<T> {
  return tab.evaluate((m) => chrome.runtime.sendMessage(m) as Promise<T>, message);
}

/** Opens a record's page and waits for the card to offer Unsubscribe. */
async function openUnsubscribable(
  s: Session,
  id: string,
  ui: 'lightning' | 'classic' = 'lightning',
): Promise<TabUnderTest> {
  const tab = await s.browser.newTab();
  await tab.goto(s.records.pageUrl(id, ui));
  await expect.poll(async () => (await tab.card())?.buttons ?? []).toContain('Unsubscribe');
  return tab;
}

const statusOf = async (tab: TabUnderTest) => (await tab.card())?.status;
const lastSeq = (emu: Emulator) => emu.log.entries().at(-1)?.seq ?? 0;
/** Requests to the Salesforce API (not pages) since a point in the log. */
const apiSince = (emu: Emulator, seq: number): LogEntry[] =>
  emu.log.entries({ afterSeq: seq }).filter((e) => e.path.startsWith('/services/'));

describe.each(BROWSERS)('in %s', (name) => {
  describe('the card and the push', () => {
    const session = useSession(name);

    it('sets Email Opt Out on a Lightning Contact with exactly one request', async () => {
      const s = session();
      const { id } = s.records.take('Contact', 'subscribed');
      const tab = await openUnsubscribable(s, id);
      const seq = lastSeq(s.emu);
      await tab.clickCardButton('Unsubscribe');
      await expect.poll(() => statusOf(tab)).toBe('confirmed');
      await tab.screenshot(`${SCREENSHOTS}/${name}-contact-unsubscribed.png`);
      expect(apiSince(s.emu, seq).map((e) => e.kind)).toEqual(['collections-update']);
      expect(s.emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(true);
      const stored = (await storedUnsubscribes(s.options)).find((u) => u.recordId === id);
      expect(stored).toMatchObject({ status: 'confirmed', object: 'Contact', source: 'click' });
      await tab.close();
    });

    it('sets a Lead from its Classic page', async () => {
      const s = session();
      const { id } = s.records.take('Lead', 'subscribed');
      const tab = await openUnsubscribable(s, id, 'classic');
      expect((await tab.card())?.recordId).toBe(id);
      await tab.clickCardButton('Unsubscribe');
      await expect.poll(() => statusOf(tab)).toBe('confirmed');
      expect(s.emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(true);
      await tab.close();
    });

    it('follows in-app navigation from a Contact to a Lead and back, without a page load', async () => {
      const s = session();
      const contact = s.records.take('Contact');
      const lead = s.records.take('Lead');
      const tab = await s.browser.newTab();
      await tab.goto(s.records.pageUrl(contact.id));
      await expect.poll(async () => (await tab.card())?.recordId).toBe(contact.id);
      // A marker on window survives only a same-document navigation (the History API).
      await tab.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
      await tab.click(`a[href$="/${lead.id}/view"]`);
      await expect.poll(() => tab.location()).toBe(s.emu.recordUrl(lead.id));
      await expect.poll(async () => (await tab.card())?.recordId).toBe(lead.id);
      await expect.poll(async () => (await tab.card())?.text).toContain(String(lead.fields.Name));
      expect(await tab.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
      await tab.back();
      await expect.poll(async () => (await tab.card())?.recordId).toBe(contact.id);
      await tab.close();
    });

    it('retries a 503 and writes the click once', async () => {
      const s = session();
      const { id } = s.records.take('Contact', 'subscribed');
      const tab = await openUnsubscribable(s, id);
      s.emu.faults.add({ kind: 'collections-update', error: 'SERVER_UNAVAILABLE', times: 1 });
      const seq = lastSeq(s.emu);
      await tab.clickCardButton('Unsubscribe');
      await expect.poll(() => statusOf(tab)).toBe('confirmed');
      const writes = apiSince(s.emu, seq).filter((e) => e.kind === 'collections-update');
      expect(writes.map((e) => e.status)).toEqual([503, 200]);
      expect(s.emu.writes.entries({ id })).toHaveLength(1);
      await tab.close();
    });

    // Firefox suspends its event page 30 s after the last extension event, even with a request
    // out; a run calls an extension API while it works (`keepAwake`), which keeps it running.
    // The options tab is closed meanwhile: its messages would keep the page awake by themselves.
    // (In Chromium, Playwright's DevTools connection keeps the worker from idling: not shown.)
    if (name === 'firefox') {
      it(
        'keeps the background running through a nightly request slower than its idle time',
        {
          timeout: 120_000,
        },
        async () => {
          const s = session();
          const runs = async (tab: TabUnderTest) =>
            (await ask<{ runs: RunRecord[] }>(tab, { type: 'runs', orgId: s.emu.orgId })).runs;
          await ask(s.options, {
            type: 'settings-save',
            settings: { ...defaultSettings(s.emu.orgId), nightlySync: true },
          });
          const before = (await runs(s.options)).length;
          await s.options.close();
          const seq = lastSeq(s.emu);
          s.emu.faults.add({ kind: 'composite', times: 1, latencyMs: 35_000 });
          const trigger = await s.browser.openExtensionPage(OPTIONS_PAGE);
          await trigger.evaluate(() => chrome.alarms.create('nightly', { when: Date.now() }));
          await trigger.close();
          const slow = () => apiSince(s.emu, seq).find((e) => e.kind === 'composite');
          await vi.waitFor(() => expect(slow()?.done).toBe(true), { timeout: 60_000 });
          // The run goes on at once after the slow read: a page suspended under it would send
          // nothing more before the run's watchdog alarm, a minute after the run began. (Nothing
          // here wakes the page: no extension page is open.)
          const sent = () => apiSince(s.emu, seq);
          await vi.waitFor(
            () => expect(sent().some((e) => e.seq > (slow()?.seq ?? Infinity))).toBe(true),
            { timeout: 15_000 },
          );
          s.options = await s.browser.openExtensionPage(OPTIONS_PAGE);
          await vi.waitFor(async () => expect((await runs(s.options))[0]?.status).toBe('done'), {
            timeout: 15_000,
          });
          expect((await runs(s.options)).length).toBe(before + 1);
          // The slow read was answered to the page that sent it: not sent again by a resumed run.
          expect(sent().filter((e) => e.requestBody === slow()?.requestBody)).toHaveLength(1);
        },
      );
    }

    it('sets the Marketo field chosen on the options page', async () => {
      const s = session();
      const saved = async (): Promise<OrgSettings | undefined> => {
        const answer = await ask<OrgsResponse>(s.options, { type: 'orgs' });
        return answer.ok ? answer.orgs[0]?.settings : undefined;
      };
      await s.options.click('fieldset[data-scope="all"] label', 'Marketo Sales Opt Out field');
      await expect.poll(async () => (await saved())?.fieldChoice).toEqual({ kind: 'marketo' });
      await s.options.screenshot(`${SCREENSHOTS}/${name}-options-marketo.png`);
      // The field choice is the nightly sync's: a push with the sync off sets Email Opt Out (R3).
      const chosen = await saved();
      if (!chosen) throw new Error('the options page lists no org');
      await ask(s.options, { type: 'settings-save', settings: { ...chosen, nightlySync: true } });

      const { id } = s.records.take('Contact', 'subscribed');
      const tab = await openUnsubscribable(s, id);
      await tab.clickCardButton('Unsubscribe');
      await expect.poll(() => statusOf(tab)).toBe('confirmed');
      expect(s.emu.org.get(id)?.fields.mkto_si__Marketo_Sales_Opt_Out__c).toBe(true);
      expect(s.emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(false);
      await tab.close();
    });

    it('runs the nightly sync when its alarm fires: imports, and sets again what was unchecked', async () => {
      const s = session();
      const runs = async () =>
        (await ask<{ runs: RunRecord[] }>(s.options, { type: 'runs', orgId: s.emu.orgId })).runs;
      await ask(s.options, {
        type: 'settings-save',
        settings: { ...defaultSettings(s.emu.orgId), nightlySync: true },
      });
      const imported = s.records.take('Lead', 'opted-out').id;
      const { id: unchecked } = s.records.take('Contact', 'subscribed');
      const tab = await openUnsubscribable(s, unchecked);
      await tab.clickCardButton('Unsubscribe');
      await expect.poll(() => statusOf(tab)).toBe('confirmed');
      await tab.close();
      s.emu.org.set(unchecked, { HasOptedOutOfEmail: false });

      const before = (await runs()).length;
      // The alarm Chrome and Firefox fire at 20:00 Pacific, fired now.
      await s.options.evaluate(() => chrome.alarms.create('nightly', { when: Date.now() }));
      await expect.poll(async () => (await runs()).length, { timeout: 30_000 }).toBe(before + 1);
      await expect.poll(async () => (await runs())[0]?.status, { timeout: 60_000 }).toBe('done');
      expect(s.emu.org.get(unchecked)?.fields.HasOptedOutOfEmail).toBe(true);
      const stored = await storedUnsubscribes(s.options);
      expect(stored.find((u) => u.recordId === imported)).toMatchObject({
        status: 'confirmed',
        source: 'salesforce',
      });
    });
  });

  describe('Connect (OAuth 2.0 with PKCE)', () => {
    const session = useSession(name);

    it('shows its callback URL, connects, and pushes through the connection with no session of the rep', async () => {
      const s = session();
      const callbackUrl = () =>
        s.options.evaluate(() => document.querySelector('.callback-url')?.textContent ?? null);
      // Each browser's own redirect URL, derived from the extension's id.
      await expect
        .poll(callbackUrl)
        .toMatch(
          name === 'chromium'
            ? /^https:\/\/[a-p]{32}\.chromiumapp\.org\/$/
            : /^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/$/,
        );
      const connected = ask<OrgsResponse>(s.options, {
        type: 'connect',
        loginUrl: 'https://login.salesforce.com',
        clientId: '3MVG9_test_consumer_key_0001',
      });
      const consent = await s.browser.waitForTab('/services/oauth2/authorize');
      // The authorize page is on login.salesforce.com, where the rep signs in first.
      if (await consent.evaluate(() => document.querySelector('#Login') !== null)) {
        await consent.click('#Login');
      }
      await consent.click('#oaapprove');
      const orgs = await connected;
      const org = orgs.ok ? orgs.orgs.find((o) => o.orgId === s.emu.orgId) : undefined;
      expect(org?.connection.kind).toBe('oauth');

      // The rep's own session is gone: the push goes through the connection, its token refreshed.
      await s.browser.clearCookies();
      s.emu.sessions.expireAll();
      const tokens = s.emu.log.count({ kind: 'oauth-token' });
      const { id } = s.records.take('Contact', 'subscribed');
      const pageUrl = s.emu.recordUrl(id);
      await ask(s.options, { type: 'record-state', recordId: id, pageUrl });
      expect(await ask(s.options, { type: 'unsubscribe', recordId: id, pageUrl })).toMatchObject({
        ok: true,
      });
      await expect
        .poll(async () => (await storedUnsubscribes(s.options)).find((u) => u.recordId === id))
        .toMatchObject({ status: 'confirmed' });
      expect(s.emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(true);
      expect(s.emu.log.count({ kind: 'oauth-token' })).toBe(tokens + 1);
    });
  });

  describe('a machine policy', () => {
    const policy = machinePolicy(name);
    // The browser reads its policies when it starts: written before the session's browser.
    beforeAll(() => {
      if ('skipped' in policy) console.warn(`${name} machine policy skipped: ${policy.skipped}`);
      else policy.write({ nightlySync: true, fieldChoice: 'both', sameEmail: false });
    });
    afterAll(() => {
      if (!('skipped' in policy)) policy.remove();
    });
    const session = useSession(name);

    it.skipIf('skipped' in policy)(
      'locks the settings it sets, and a click follows them',
      async () => {
        const s = session();
        const answer = await ask<OrgsResponse>(s.options, { type: 'orgs' });
        const org = answer.ok ? answer.orgs.find((o) => o.orgId === s.emu.orgId) : undefined;
        expect([...(org?.locked ?? [])].sort()).toEqual([
          'fieldChoice',
          'nightlySync',
          'sameEmail',
        ]);
        expect(org?.settings).toMatchObject({ nightlySync: true, fieldChoice: { kind: 'both' } });
        const { id } = s.records.take('Contact', 'subscribed');
        const tab = await openUnsubscribable(s, id);
        await tab.clickCardButton('Unsubscribe');
        await expect.poll(() => statusOf(tab)).toBe('confirmed');
        expect(s.emu.org.get(id)?.fields).toMatchObject({
          HasOptedOutOfEmail: true,
          mkto_si__Marketo_Sales_Opt_Out__c: true,
        });
        await tab.close();
      },
    );
  });

  describe('the background stopped mid-push', () => {
    // Firefox suspends its event page only when idle: a short idle time makes that happen here.
    const session = useSession(name, { backgroundIdleMs: 1_500 });

    it('resumes the send when it starts again, and writes once', async () => {
      const s = session();
      const { id } = s.records.take('Contact', 'subscribed');
      const tab = await openUnsubscribable(s, id);
      // Salesforce holds the write longer than the background lives.
      s.emu.faults.add({ kind: 'collections-update', times: 1, latencyMs: 5_000 });
      const seq = lastSeq(s.emu);
      await tab.clickCardButton('Unsubscribe');
      await expect
        .poll(() => apiSince(s.emu, seq).filter((e) => e.kind === 'collections-update').length)
        .toBe(1);
      await s.browser.stopBackground();
      // The card asks again, which starts the background; its send is read back once settled.
      await expect.poll(() => statusOf(tab), { timeout: 45_000 }).toBe('confirmed');
      expect(s.emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(true);
      expect(s.emu.writes.entries({ id })).toHaveLength(1);
      const kinds = apiSince(s.emu, seq).map((e) => e.kind);
      // The one write, then the read that found it applied (the started-again background's).
      expect(kinds.filter((k) => k === 'collections-update')).toHaveLength(1);
      expect(kinds.at(-1)).toBe('query');
      await tab.close();
    });
  });
});
