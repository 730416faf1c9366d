import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, type UnsubscribeRecord } from '../../src/lib/db/schema';
import { emailKeyProperty } from '../../src/lib/same-email';
import type { OrgsResponse, RunsResponse } from '../../src/lib/options-messages';
import { defaultSettings, type OrgSettings } from '../../src/lib/settings';
import type { OrgRecord } from '../emulator/index';
import { ask, DIST, OPTIONS_PAGE } from './extension';
import { storedUnsubscribes, storeSettings } from './extension-store';
import { startHarness, type Harness } from './harness';
import { card } from './org-pages';
import { buildCommit } from './previous-release';

/**
 * Issue "Nothing lost across updates": the last release runs in a profile and leaves pending,
 * failed and confirmed unsubscribes and an org's settings; the current build is then put in the
 * same extension directory and Chromium reloads it, as an update in place does, with record pages
 * still open. Everything the old release stored must still be there, and each pending unsubscribe
 * must reach Salesforce exactly once.
 */

// The last landed release. Its content script predates the "updated, reload this page" notice,
// so its orphaned card cannot show it: the notice holds from the next release on, and
// extension-reload.test.ts checks it on a reload of the current build over itself.
const PREVIOUS_RELEASE = 'bce482b7749f0f47667078b3a20794b8f46b19b4';

const UPDATED = 'Unsubscribe Sync was updated. Reload this page to use it.';
const NETWORK_ERROR = 'Salesforce could not be reached.';
const MARKETO_FIELD = 'mkto_si__Marketo_Sales_Opt_Out__c';
const SERVICE_WORKER_LOADER = 'service-worker-loader.js';

let work: string;
let extensionDir: string;
let e2e: Harness;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'unsubscribe-sync-upgrade-'));
  extensionDir = join(work, 'extension');
  await buildCommit(PREVIOUS_RELEASE, extensionDir);
  e2e = await startHarness({
    org: {
      seed: 31,
      contacts: 20,
      leads: 2,
      personAccounts: 1,
      businessAccounts: 1,
      optedOutRate: 0,
    },
    // The update is a reload of the extension by itself (see launchExtension).
    developerMode: true,
    extensionDir,
    // The options page can only save settings for an org the extension has met on a record page.
    start: 'org-learned',
  });
});

afterAll(async () => {
  await e2e?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What the old release is left holding when the update comes. */
interface BeforeUpdate {
  readonly unsubscribes: ReadonlyMap<string, UnsubscribeRecord>;
  /** The Salesforce records as they were, to show that the update wrote nothing it should not. */
  readonly inOrg: ReadonlyMap<string, OrgRecord | null>;
  readonly settings: OrgSettings;
  readonly nextNightlyRunAt: number | null;
  readonly databaseVersion: number | undefined;
  readonly serviceWorkerLoader: string;
}

const ids = { confirmed: '', failed: '', waiting: '', inFlight: '' };
let before: BeforeUpdate;
/** The record pages left open across the update, with the old release's cards on them. */
let waitingPage: Page;
let inFlightPage: Page;
/** The request log's last entry before the update. */
let updateSeq = 0;

const lastSeq = (): number => e2e.emu.log.entries().at(-1)?.seq ?? 0;

async function clickUnsubscribe(id: string): Promise<Page> {
  const page = await e2e.records.open(id, { until: 'unsubscribable' });
  await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
  return page;
}

async function unsubscribesById(page: Page): Promise<Map<string, UnsubscribeRecord>> {
  return new Map((await storedUnsubscribes(page)).map((u) => [u.recordId, u]));
}

async function statusOf(page: Page, id: string): Promise<string | undefined> {
  return (await unsubscribesById(page)).get(id)?.status;
}

/** The org's settings and next nightly run as the running build's worker reports them. */
async function orgState(page: Page): Promise<Pick<BeforeUpdate, 'settings' | 'nextNightlyRunAt'>> {
  const orgs = await ask<OrgsResponse>(page, { type: 'orgs' });
  const runs = await ask<RunsResponse>(page, { type: 'runs', orgId: e2e.emu.orgId });
  const settings = orgs.ok ? orgs.orgs.find((o) => o.orgId === e2e.emu.orgId)?.settings : undefined;
  if (!settings || !runs.ok) throw new Error(`no settings: ${JSON.stringify({ orgs, runs })}`);
  return { settings, nextNightlyRunAt: runs.nextRunAt };
}

function databaseVersion(page: Page): Promise<number | undefined> {
  return page.evaluate(
    async (name) => (await indexedDB.databases()).find((d) => d.name === name)?.version,
    DB_NAME,
  );
}

/** The running build's own service worker script, as the extension serves it. */
function serviceWorkerLoader(page: Page): Promise<string> {
  return page.evaluate(
    async (path) => (await fetch(chrome.runtime.getURL(path))).text(),
    SERVICE_WORKER_LOADER,
  );
}

/**
 * Puts the current build where the old one is and has Chromium reload the extension from there,
 * as an update in place does: `chrome.runtime.reload()` in the old worker.
 */
async function updateInPlace(): Promise<void> {
  const worker = await e2e.ext.worker();
  rmSync(extensionDir, { recursive: true });
  cpSync(DIST, extensionDir, { recursive: true });
  const restarted = e2e.ext.context.waitForEvent('serviceworker');
  // The worker dies inside the call, so the evaluation itself never answers.
  worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
  await restarted;
}

describe('an update in place from the last release', () => {
  it('(a) the last release stores pending, failed and confirmed unsubscribes and settings', async () => {
    const { emu, records, ext } = e2e;
    const options = await ext.openExtensionPage(OPTIONS_PAGE);
    await storeSettings(options, {
      ...defaultSettings(emu.orgId),
      nightlySync: true,
      fieldChoice: { kind: 'both' },
      marketoApiName: { Lead: MARKETO_FIELD },
    });

    ids.confirmed = records.take('Contact', 'subscribed').id;
    const confirmedPage = await clickUnsubscribe(ids.confirmed);
    await expect.poll(() => card(confirmedPage).getAttribute('data-status')).toBe('confirmed');
    await confirmedPage.close();

    // A validation rule refuses it: permanent, kept for a person to look at.
    ids.failed = records.take('Contact', 'subscribed').id;
    emu.faults.add({
      kind: 'collections-update',
      recordError: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      recordIds: [ids.failed],
    });
    const failedPage = await clickUnsubscribe(ids.failed);
    await expect.poll(() => card(failedPage).getAttribute('data-status')).toBe('failed');
    await failedPage.close();

    // Salesforce is down: the click waits in the outbox for its retry.
    emu.faults.clear();
    emu.faults.add({ kind: 'collections-update', error: 'SERVER_UNAVAILABLE' });
    ids.waiting = records.take('Contact', 'subscribed').id;
    waitingPage = await clickUnsubscribe(ids.waiting);
    await expect.poll(() => card(waitingPage).getAttribute('data-status')).toBe('pending');

    // The next click's send hangs until the update cuts it off: its outcome is unknown, and it
    // takes the waiting one along (an org with anything due sends everything it has waiting).
    emu.faults.clear();
    emu.faults.add({ kind: 'collections-update', latencyMs: 60_000, drop: true });
    ids.inFlight = records.take('Contact', 'subscribed').id;
    inFlightPage = await clickUnsubscribe(ids.inFlight);
    await expect
      .poll(async () => (await unsubscribesById(options)).get(ids.inFlight)?.outcomeUnknown)
      .toBe(true);

    const unsubscribes = await unsubscribesById(options);
    expect(unsubscribes.get(ids.confirmed)).toMatchObject({ status: 'confirmed' });
    expect(unsubscribes.get(ids.failed)).toMatchObject({
      status: 'failed',
      lastError: { code: 'validation', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' },
    });
    for (const id of [ids.waiting, ids.inFlight]) {
      expect(unsubscribes.get(id)).toMatchObject({ status: 'pending', outcomeUnknown: true });
    }
    const state = await orgState(options);
    expect(state.nextNightlyRunAt).toEqual(expect.any(Number));
    before = {
      unsubscribes,
      inOrg: new Map(Object.values(ids).map((id) => [id, emu.org.get(id)])),
      ...state,
      databaseVersion: await databaseVersion(options),
      serviceWorkerLoader: await serviceWorkerLoader(options),
    };
  });

  it('(b) keeps everything, history and settings included, and sends each pending one once', async () => {
    const { emu, ext } = e2e;
    // Salesforce is back before the new version starts, so its start-up flush can deliver.
    emu.faults.clear();
    updateSeq = lastSeq();
    await updateInPlace();
    const options = await ext.openExtensionPage(OPTIONS_PAGE);
    // The current build really is the one running now, from the same directory and Id.
    const loader = await serviceWorkerLoader(options);
    expect(loader).toBe(readFileSync(join(DIST, SERVICE_WORKER_LOADER), 'utf8'));
    expect(loader).not.toBe(before.serviceWorkerLoader);

    await expect.poll(() => statusOf(options, ids.waiting)).toBe('confirmed');
    await expect.poll(() => statusOf(options, ids.inFlight)).toBe('confirmed');
    // One request carries both; the one the update cut off was read back first, not resent blind.
    const writes = emu.log.entries({ afterSeq: updateSeq, kind: 'collections-update' });
    expect(writes.map((w) => w.status)).toEqual([200]);
    for (const id of [ids.waiting, ids.inFlight]) {
      expect(emu.org.get(id)?.fields).toMatchObject({
        HasOptedOutOfEmail: true,
        [MARKETO_FIELD]: true,
      });
    }

    const after = await unsubscribesById(options);
    expect(after.size).toBe(before.unsubscribes.size);
    // Failed and confirmed ones are exactly as the old release left them, and Salesforce's
    // records of them were not written again.
    // The store's upgrade adds only each record's address key (v5, for the `orgEmail` index).
    const upgraded = (old: UnsubscribeRecord | undefined) =>
      old && { ...old, ...emailKeyProperty(old.email) };
    for (const id of [ids.confirmed, ids.failed]) {
      expect(after.get(id)).toEqual(upgraded(before.unsubscribes.get(id)));
      expect(emu.org.get(id)).toEqual(before.inOrg.get(id));
    }
    for (const id of [ids.waiting, ids.inFlight]) {
      const old = before.unsubscribes.get(id);
      if (!old) throw new Error(`no stored unsubscribe for ${id}`);
      expect(after.get(id)).toEqual({
        ...upgraded(old),
        // The first send of an earlier release's Contact checks it is no person contact, once.
        ...(old.object === 'Contact' ? { notPersonContact: true } : {}),
        status: 'confirmed',
        attempts: old.attempts + 1,
        outcomeUnknown: false,
        nextAttemptAt: null,
        lastError: null,
        confirmedAt: expect.any(Number),
        syncedFields: old.fields,
        history: [
          ...old.history,
          { at: expect.any(Number), who: 'Salesforce', action: 'confirmed' },
        ],
      });
    }

    // The settings, and the nightly run they schedule, as the new worker reads them.
    // Every setting the old release stored is kept; one added since reads as its default.
    const { settings, nextNightlyRunAt } = await orgState(options);
    expect(settings).toEqual({ ...defaultSettings(settings.orgId), ...before.settings });
    expect(nextNightlyRunAt).toBe(before.nextNightlyRunAt);
    const alarm = await options.evaluate(() => chrome.alarms.get('nightly'));
    expect(alarm?.scheduledTime).toBe(before.nextNightlyRunAt);
    // The database is at the current schema version, upgraded through every step since the old
    // one if a later change bumps it.
    expect(before.databaseVersion).toBeLessThanOrEqual(DB_VERSION);
    expect(await databaseVersion(options)).toBe(DB_VERSION);
    await options.close();
  });

  it('(c) leaves the old cards as the old code left them; a page reload shows the new card', async () => {
    // The old content script is cut off from the extension and swallows the failed status polls:
    // its card keeps saying "pending" although Salesforce has the opt-out, and it has no notice.
    await waitingPage.waitForTimeout(2000);
    expect(await card(waitingPage).getAttribute('data-status')).toBe('pending');
    expect(await card(waitingPage).textContent()).not.toContain(UPDATED);
    // The click whose answer the update cut off is reported as a network error.
    await expect.poll(() => card(inFlightPage).textContent()).toContain(NETWORK_ERROR);
    expect(await card(inFlightPage).textContent()).not.toContain(UPDATED);

    for (const page of [waitingPage, inFlightPage]) {
      await page.reload();
      await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
      expect(await page.locator('unsubscribe-sync-widget').count()).toBe(1);
      await page.close();
    }
    // The new cards only read: the one write is still the delivery.
    expect(e2e.emu.log.count({ afterSeq: updateSeq, kind: 'collections-update' })).toBe(1);
  });
});
