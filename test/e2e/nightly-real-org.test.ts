import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/lib/db/schema';
import { defaultSettings } from '../../src/lib/settings';
import { ask, OPTIONS_PAGE } from './extension';
import { storedUnsubscribes, storeSettings } from './extension-store';
import { useHarness } from './harness';

/**
 * Issue 11 in Chromium: the nightly run in the service worker against an org whose REST query
 * batches are shorter than asked and uneven (`queryBatches: 'uneven'`, as Salesforce may answer
 * with `done: false` and fewer rows than the batch size): every opted-out record of a
 * 5,000-record org is imported, and so is every record of an opted-out address.
 */

const e2e = useHarness({
  org: {
    seed: 59,
    contacts: 3000,
    leads: 1500,
    personAccounts: 500,
    businessAccounts: 20,
    optedOutRate: 0.45,
    queryBatches: 'uneven',
  },
  start: 'org-learned',
});
let options: Page;

beforeAll(async () => {
  options = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
  await storeSettings(options, { ...defaultSettings(e2e.emu.orgId), nightlySync: true });
});

const runs = async () =>
  (await ask<{ runs: RunRecord[] }>(options, { type: 'runs', orgId: e2e.emu.orgId })).runs;

const optedOutInSalesforce = () =>
  [
    ...e2e.emu.org.list('Contact', { where: 'HasOptedOutOfEmail = true' }),
    ...e2e.emu.org.list('Lead', { where: 'HasOptedOutOfEmail = true AND IsConverted = false' }),
    ...e2e.emu.org.list('Account', {
      where: 'IsPersonAccount = true AND PersonHasOptedOutOfEmail = true',
    }),
  ].map((r) => r.id);

describe('the nightly run in short, uneven query batches', () => {
  it('imports every opted-out record of a 5,000-record org', async () => {
    const before = new Set(optedOutInSalesforce());
    // Each kind's page of up to 2,000 comes in many short batches (at most 500 rows each).
    expect(before.size).toBeGreaterThan(2000);
    const queryMoreBefore = e2e.emu.log.subrequests({ kind: 'queryMore' }).length;

    await options.evaluate(() => chrome.alarms.create('nightly', { when: Date.now() }));
    await expect.poll(async () => (await runs()).length, { timeout: 30_000 }).toBe(1);
    await expect
      .poll(async () => (await runs())[0]?.status, { timeout: 120_000, interval: 500 })
      .toBe('done');
    const [run] = await runs();
    expect(run?.errors).toEqual([]);

    const stored = new Set(
      (await storedUnsubscribes(options))
        .filter((u) => u.status !== 'undone')
        .map((u) => u.recordId),
    );
    expect([...before].filter((id) => !stored.has(id))).toEqual([]);
    // The same-email rule opted out the rest of those addresses too; all of them are stored.
    expect(optedOutInSalesforce().every((id) => stored.has(id))).toBe(true);
    expect(e2e.emu.log.subrequests({ kind: 'queryMore' }).length - queryMoreBefore).toBeGreaterThan(
      10,
    );
  });
});
