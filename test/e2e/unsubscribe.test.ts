import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../emulator/index';
import { OPTIONS_PAGE } from './extension';
import { storedUnsubscribes, storeSettings, unsubscribeAll } from './extension-store';
import { useHarness } from './harness';
import { card, SCREENSHOTS, signIn } from './org-pages';
import { defaultSettings } from '../../src/lib/settings';

/**
 * SPEC R2, R3, R6, R7 and issue 3: a rep's click, pushed at once, never lost, in real Chromium
 * against the emulator. Each test takes records of its own, so the order of tests is free.
 */

const e2e = useHarness({
  org: {
    seed: 11,
    contacts: 260,
    leads: 30,
    personAccounts: 5,
    businessAccounts: 2,
    optedOutRate: 0,
  },
});
/** An extension page: reads the extension's store and stands in for its options page. */
let extensionPage: Page;

beforeAll(async () => {
  extensionPage = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
});

beforeEach(() => e2e.emu.faults.clear());

/** A subscribed Contact no other test has touched. */
const freshContact = (): string => e2e.records.take('Contact', 'subscribed').id;

const lastSeq = (): number => e2e.emu.log.entries().at(-1)?.seq ?? 0;
/** Requests to the Salesforce API (not pages) since a point in the log. */
const apiSince = (seq: number): LogEntry[] =>
  e2e.emu.log.entries({ afterSeq: seq }).filter((e) => e.path.startsWith('/services/'));
const field = (id: string, name: string) => e2e.emu.org.get(id)?.fields[name];

const openRecord = (id: string): Promise<Page> => e2e.records.open(id, { until: 'unsubscribable' });

async function clickUnsubscribe(page: Page): Promise<void> {
  await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
}

/** Fires the outbox's retry alarm now instead of after its backoff, as the test harness may. */
async function fireOutboxAlarm(): Promise<void> {
  await extensionPage.evaluate(() => chrome.alarms.create('outbox', { when: Date.now() }));
}

async function statusOf(id: string): Promise<string | undefined> {
  return (await storedUnsubscribes(extensionPage)).find((u) => u.recordId === id)?.status;
}

const badge = () => extensionPage.evaluate(() => chrome.action.getBadgeText({}));

describe('a click on Unsubscribe', () => {
  it('sets Email Opt Out on a Contact with exactly one request, and says so', async () => {
    const id = freshContact();
    const page = await openRecord(id);
    await page.screenshot({ path: `${SCREENSHOTS}/state-subscribed.png` });
    const seq = lastSeq();
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    await expect.poll(() => card(page).textContent()).toContain('Email Opt Out');
    await page.screenshot({ path: `${SCREENSHOTS}/state-unsubscribed.png` });
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['collections-update']);
    expect(field(id, 'HasOptedOutOfEmail')).toBe(true);
    const [stored] = (await storedUnsubscribes(extensionPage)).filter((u) => u.recordId === id);
    expect(stored).toMatchObject({ status: 'confirmed', object: 'Contact', source: 'click' });
    expect(stored?.createdBy).toBeTruthy();
    expect(stored?.history.map((h) => h.action)).toEqual(['unsubscribed', 'confirmed']);
    await page.close();
  });

  it('sets a Lead too, and shows "Unsubscribing…" at once while Salesforce is slow', async () => {
    const lead = e2e.records.take('Lead', 'subscribed').id;
    const page = await openRecord(lead);
    e2e.emu.faults.add({ kind: 'collections-update', times: 1, latencyMs: 1500 });
    const seq = lastSeq();
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).textContent()).toContain('Unsubscribing…');
    await page.screenshot({ path: `${SCREENSHOTS}/state-unsubscribing.png` });
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['collections-update']);
    expect(field(lead, 'HasOptedOutOfEmail')).toBe(true);
    await page.close();
  });

  it('sets PersonHasOptedOutOfEmail on a Person Account, from the keyboard', async () => {
    const account = e2e.records.take('PersonAccount', 'subscribed').id;
    const page = await openRecord(account);
    // By keyboard this time: the button takes focus and Enter presses it.
    await card(page).getByRole('button', { name: 'Unsubscribe' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(field(account, 'PersonHasOptedOutOfEmail')).toBe(true);
    await page.close();
  });

  it('sends nothing for a record Salesforce already has opted out', async () => {
    const { id } = e2e.records.take('Contact', 'opted-out');
    const page = await e2e.records.open(id, { until: 'shown' });
    await expect.poll(() => card(page).textContent()).toContain('UnsubscribedEmail Opt Out');
    expect(await card(page).getByRole('button', { name: 'Unsubscribe' }).count()).toBe(0);
    const seq = lastSeq();
    await page.waitForTimeout(500);
    expect(apiSince(seq)).toEqual([]);
    await page.close();
  });

  it('undoes exactly what the click set, within its window', async () => {
    const id = freshContact();
    const page = await openRecord(id);
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    const seq = lastSeq();
    await card(page).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => card(page).textContent()).toContain('Undone');
    expect(field(id, 'HasOptedOutOfEmail')).toBe(false);
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['collections-update']);
    expect(await statusOf(id)).toBe('undone');
    await page.close();
  });
});

describe('R3 and R7: which fields a push sets', () => {
  it('sets every chosen field when the nightly sync is on, and only Email Opt Out when it is off', async () => {
    const both = { ...defaultSettings(e2e.emu.orgId), fieldChoice: { kind: 'both' } as const };
    await storeSettings(extensionPage, { ...both, nightlySync: true });
    const on = freshContact();
    let page = await openRecord(on);
    const seq = lastSeq();
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['collections-update']);
    expect(field(on, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(on, 'mkto_si__Marketo_Sales_Opt_Out__c')).toBe(true);
    await page.close();

    await storeSettings(extensionPage, {
      ...both,
      fieldChoice: { kind: 'marketo' },
      nightlySync: false,
    });
    const off = freshContact();
    page = await openRecord(off);
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(field(off, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(off, 'mkto_si__Marketo_Sales_Opt_Out__c')).toBe(false);
    await page.close();
    await storeSettings(extensionPage, defaultSettings(e2e.emu.orgId));
  });
});

describe('nothing is lost', () => {
  it.each([
    ['ENTITY_IS_DELETED', 'This record was deleted'],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'A validation rule rejected the change: Injected'],
    ['INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'You do not have permission'],
  ] as const)('a per-record %s is shown on the record and kept as failed', async (code, text) => {
    const id = freshContact();
    const page = await openRecord(id);
    e2e.emu.faults.add({
      kind: 'collections-update',
      times: 1,
      recordError: code,
      recordIds: [id],
      ...(code === 'FIELD_CUSTOM_VALIDATION_EXCEPTION' ? { message: 'Injected rule says no' } : {}),
    });
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('failed');
    await expect.poll(() => card(page).textContent()).toContain(text);
    await page.screenshot({ path: `${SCREENSHOTS}/state-failed-${code}.png` });
    expect(await statusOf(id)).toBe('failed');
    expect(Number(await badge())).toBeGreaterThanOrEqual(1);
    // Retried only when a person asks: the button sends it again, and this time it goes through.
    await card(page).getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(field(id, 'HasOptedOutOfEmail')).toBe(true);
    await page.close();
  });

  it.each([
    ['UNABLE_TO_LOCK_ROW', { recordError: 'UNABLE_TO_LOCK_ROW' }, 'Salesforce is busy'],
    ['503', { error: 'SERVER_UNAVAILABLE' }, 'Salesforce is busy'],
    ['403 REQUEST_LIMIT_EXCEEDED', { error: 'REQUEST_LIMIT_EXCEEDED' }, 'API requests'],
    ['a dropped connection', { drop: true }, 'could not be reached'],
    ['a lost response', { loseResponse: true }, 'could not be reached'],
  ] as const)(
    'a transient %s is shown, kept, and sent once by the retry',
    async (_name, fault, text) => {
      const id = freshContact();
      const page = await openRecord(id);
      const faultId = e2e.emu.faults.add({ kind: 'collections-update', ...fault });
      const seq = lastSeq();
      await clickUnsubscribe(page);
      await expect.poll(() => card(page).textContent()).toContain(text);
      await expect.poll(() => card(page).textContent()).toContain('saved and will be sent');
      expect(await statusOf(id)).toBe('pending');
      e2e.emu.faults.remove(faultId);
      const retried = lastSeq();
      await fireOutboxAlarm();
      await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
      expect(field(id, 'HasOptedOutOfEmail')).toBe(true);
      // Exactly once in effect: the retry writes once, or, after a lost response (whose write did
      // apply), reads the record, finds it done and writes nothing.
      const writes = apiSince(retried).filter((e) => e.kind === 'collections-update');
      expect(writes).toHaveLength('loseResponse' in fault ? 0 : 1);
      expect(apiSince(seq).some((e) => e.kind === 'query')).toBe(
        'drop' in fault || 'loseResponse' in fault,
      );
      await page.close();
    },
  );

  it('recovers from two 503s in seconds, on the awake worker’s own timer, writing once', async () => {
    const id = freshContact();
    const page = await openRecord(id);
    e2e.emu.faults.add({ kind: 'collections-update', times: 2, error: 'SERVER_UNAVAILABLE' });
    const seq = lastSeq();
    const clickedAt = Date.now();
    await clickUnsubscribe(page);
    // No alarm is fired by the test: the quick retries (~1 s, then ~3 s) alone must get there.
    await expect
      .poll(() => card(page).getAttribute('data-status'), { timeout: 15_000 })
      .toBe('confirmed');
    const elapsed = Date.now() - clickedAt;
    console.log(`two 503s, then success: click to confirmed in ${elapsed} ms`);
    expect(elapsed).toBeLessThan(15_000);
    const writes = apiSince(seq).filter((e) => e.kind === 'collections-update');
    expect(writes.map((e) => e.status)).toEqual([503, 503, 200]);
    expect(field(id, 'HasOptedOutOfEmail')).toBe(true);
    expect(await statusOf(id)).toBe('confirmed');
    await page.close();
  });

  it('waits through an expired session and sends as soon as the rep signs in again', async () => {
    const id = freshContact();
    const page = await openRecord(id);
    e2e.emu.sessions.expireAll();
    await clickUnsubscribe(page);
    await expect.poll(() => card(page).textContent()).toContain('session expired');
    await expect.poll(() => card(page).textContent()).toContain('saved and will be sent');
    await page.screenshot({ path: `${SCREENSHOTS}/state-session-expired.png` });
    const login = await e2e.ext.context.newPage();
    await signIn(e2e.emu, login);
    await login.close();
    // No alarm fired: the new `sid` cookie alone sends it.
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    expect(field(id, 'HasOptedOutOfEmail')).toBe(true);
    await page.close();
  });

  it('survives the service worker being stopped while the push is in flight', async () => {
    const id = freshContact();
    const page = await openRecord(id);
    e2e.emu.faults.add({ kind: 'collections-update', times: 1, latencyMs: 1500 });
    const seq = lastSeq();
    await clickUnsubscribe(page);
    await expect
      .poll(() => apiSince(seq).filter((e) => e.kind === 'collections-update').length)
      .toBe(1);
    await page.close();
    await e2e.ext.stopWorker();
    // The request the stopped worker sent still completes at the emulator; the next worker
    // start reads before it writes again.
    await expect
      .poll(() => apiSince(seq).find((e) => e.kind === 'collections-update')?.status)
      .toBe(200);
    await fireOutboxAlarm();
    await expect.poll(() => statusOf(id)).toBe('confirmed');
    expect(field(id, 'HasOptedOutOfEmail')).toBe(true);
    expect(apiSince(seq).filter((e) => e.kind === 'collections-update')).toHaveLength(1);
  });

  it('delivers 200 unsubscribes queued while Salesforce was unreachable in at most 2 requests', async () => {
    const ids = Array.from({ length: 200 }, () => freshContact());
    const outage = e2e.emu.faults.add({ kind: ['collections-update', 'query'], drop: true });
    await unsubscribeAll(extensionPage, e2e.emu, ids);
    await expect
      .poll(
        async () =>
          (await storedUnsubscribes(extensionPage)).filter((u) => ids.includes(u.recordId)).length,
      )
      .toBe(200);
    expect(await badge()).not.toBe('');
    e2e.emu.faults.remove(outage);
    const seq = lastSeq();
    await fireOutboxAlarm();
    await expect
      .poll(
        async () =>
          (await storedUnsubscribes(extensionPage)).filter(
            (u) => ids.includes(u.recordId) && u.status === 'confirmed',
          ).length,
        { timeout: 30_000 },
      )
      .toBe(200);
    expect(apiSince(seq).filter((e) => e.kind === 'collections-update').length).toBeLessThanOrEqual(
      2,
    );
    expect(ids.every((id) => field(id, 'HasOptedOutOfEmail') === true)).toBe(true);
  });
});
