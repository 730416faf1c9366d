import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/lib/db/schema';
import type { OrgsResponse } from '../../src/lib/options-messages';
import { nightlyOffsetMs } from '../../src/lib/schedule';
import { defaultSettings } from '../../src/lib/settings';
import { ask, OPTIONS_PAGE } from './extension';
import { storedUnsubscribes, storeSettings, unsubscribeAll } from './extension-store';
import { useHarness } from './harness';
import { SCREENSHOTS, signIn } from './org-pages';

/**
 * Issue 5 in Chromium: the nightly alarm, fired early through the test harness, runs the full
 * reconcile in the service worker against the emulator (SPEC R4, R5, R6).
 */

// The extension learns the org from a record page, before the sync can be switched on for it.
const e2e = useHarness({
  org: {
    seed: 51,
    contacts: 400,
    leads: 100,
    personAccounts: 20,
    businessAccounts: 5,
    optedOutRate: 0.1,
  },
  start: 'org-learned',
});
let options: Page;

beforeAll(async () => {
  options = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
  await storeSettings(options, { ...defaultSettings(e2e.emu.orgId), nightlySync: true });
});

beforeEach(() => e2e.emu.faults.clear());

interface RunsAnswer {
  ok: boolean;
  nextRunAt: number | null;
  runs: RunRecord[];
}

const runs = async () =>
  (await ask<RunsAnswer>(options, { type: 'runs', orgId: e2e.emu.orgId })).runs;

/** Fires the nightly alarm now, as Chrome does at 20:00 Pacific, and waits for the run to end. */
async function nightlyRun(): Promise<RunRecord> {
  const before = (await runs()).length;
  await options.evaluate(() => chrome.alarms.create('nightly', { when: Date.now() }));
  await expect.poll(async () => (await runs()).length, { timeout: 30_000 }).toBeGreaterThan(before);
  await expect.poll(async () => (await runs())[0]?.status, { timeout: 60_000 }).not.toBe('running');
  const [latest] = await runs();
  if (!latest) throw new Error('no run recorded');
  return latest;
}

const sfOptedOut = () =>
  [
    ...e2e.emu.org.list('Contact', { where: 'HasOptedOutOfEmail = true' }),
    ...e2e.emu.org.list('Lead', { where: 'HasOptedOutOfEmail = true' }),
    ...e2e.emu.org.list('Account', {
      where: 'IsPersonAccount = true AND PersonHasOptedOutOfEmail = true',
    }),
  ].map((r) => r.id);

async function storeIds(): Promise<Set<string>> {
  return new Set(
    (await storedUnsubscribes(options)).filter((u) => u.status !== 'undone').map((u) => u.recordId),
  );
}

describe('the nightly reconcile in the service worker', () => {
  it("is scheduled for this browser's own time after 20:00 Pacific, and the options page shows it", async () => {
    const answer = await ask<RunsAnswer>(options, { type: 'runs', orgId: e2e.emu.orgId });
    expect(answer.nextRunAt).not.toBeNull();
    // Issue 12: the org and the rep's user Id give this browser its moment in the half hour.
    const offset = nightlyOffsetMs(e2e.emu.orgId, e2e.emu.userId);
    const orgs = await ask<OrgsResponse>(options, { type: 'orgs' });
    expect(orgs.ok && orgs.orgs[0]?.nightlyOffsetMs).toBe(offset);
    const when = new Date(answer.nextRunAt ?? 0);
    const laTime = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    }).format(when);
    const minutes = Math.floor(offset / 60_000);
    const seconds = (offset % 60_000) / 1000;
    expect(laTime).toBe(
      `20:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`,
    );
    const alarm = await options.evaluate(() => chrome.alarms.get('nightly'));
    expect(alarm?.scheduledTime).toBe(answer.nextRunAt);

    // The "next run" line: that moment, in the browser's own time zone and language.
    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const line = page.getByTestId('next-run');
    await line.waitFor();
    // This machine's browser is not on Pacific time, so the line gives both zones.
    const [pacific, local] = await page.evaluate(
      (at) => [
        new Intl.DateTimeFormat(undefined, {
          dateStyle: 'full',
          timeStyle: 'short',
          timeZone: 'America/Los_Angeles',
        }).format(at),
        new Intl.DateTimeFormat(undefined, {
          weekday: 'long',
          hour: 'numeric',
          minute: '2-digit',
        }).format(at),
      ],
      answer.nextRunAt ?? 0,
    );
    expect(await line.textContent()).toBe(`Next run: ${pacific} Pacific time (${local} your time)`);
    expect(await page.getByTestId('nightly-spread').textContent()).toContain(
      `This browser starts ${minutes} minutes after 20:00 Pacific`,
    );
    // The API budget beside it, at its default.
    expect(await page.getByLabel('API calls kept for other work').inputValue()).toBe('10');
    await page
      .locator('section[aria-labelledby="nightly-heading"]')
      .screenshot({ path: `${SCREENSHOTS}/options-nightly.png` });
    await page.close();
  });

  it('makes both sides equal, and undoes resubscribes on either side (R6)', async () => {
    const first = await nightlyRun();
    expect(first.status, JSON.stringify(first.errors)).toBe('done');
    expect(first.stats.imported).toBeGreaterThan(30);
    const ids = await storeIds();
    expect(sfOptedOut().every((id) => ids.has(id))).toBe(true);

    // Resubscribe attempts: uncheck one in Salesforce only; remove another from the extension only.
    const [uncheckedId, removedId] = [...ids];
    if (!uncheckedId || !removedId) throw new Error('too few unsubscribes');
    const uncheckedField = uncheckedId.startsWith('001')
      ? 'PersonHasOptedOutOfEmail'
      : 'HasOptedOutOfEmail';
    e2e.emu.org.set(uncheckedId, { [uncheckedField]: false });
    await ask(options, {
      type: 'unsubscribe-remove',
      orgId: e2e.emu.orgId,
      recordIds: [removedId],
    });
    expect((await storeIds()).has(removedId)).toBe(false);

    const second = await nightlyRun();
    expect(second.status).toBe('done');
    expect(second.fullPass).toBe(false);
    expect(e2e.emu.org.get(uncheckedId)?.fields[uncheckedField]).toBe(true);
    expect((await storeIds()).has(removedId)).toBe(true);
    // Nothing else changed, so the incremental run is cheap.
    expect(second.stats.apiCalls).toBeLessThanOrEqual(15);
  });

  it('asks for no describe the next night, nor reads again the records the last night wrote', async () => {
    expect((await nightlyRun()).status).toBe('done');
    // An administrator unchecks a few stored opt-outs in Salesforce: the night sets them again.
    const stored = (await storedUnsubscribes(options)).filter(
      (u) => u.status === 'confirmed' && u.object === 'Contact',
    );
    const rewritten = stored.slice(0, 5).map((u) => u.recordId);
    for (const id of rewritten) e2e.emu.org.set(id, { HasOptedOutOfEmail: false });
    // Describes, asked or not, as subrequests of a composite (the night asks for all in one).
    const describes = () =>
      e2e.emu.log
        .entries({ kind: ['describe', 'composite'] })
        .filter(
          (e) =>
            e.kind === 'describe' || (e.subrequests ?? []).some((sub) => sub.kind === 'describe'),
        ).length;
    const describesBefore = describes();
    const writer = await nightlyRun();
    expect(writer.status, JSON.stringify(writer.errors)).toBe('done');
    expect(writer.stats.written).toBeGreaterThanOrEqual(rewritten.length);
    // The next night: another user's change is read; the night's own writes are not.
    const [changed] = stored.slice(5).map((u) => u.recordId);
    if (!changed) throw new Error('too few stored Contacts');
    e2e.emu.org.set(changed, { FirstName: 'Augusta' });
    const next = await nightlyRun();
    expect(next.status, JSON.stringify(next.errors)).toBe('done');
    expect(describes()).toBe(describesBefore);
    const seenBy = new Map(
      (await storedUnsubscribes(options)).map((u) => [u.recordId, u.seenByRun]),
    );
    expect(rewritten.map((id) => seenBy.get(id))).toEqual(rewritten.map(() => writer.id));
    expect(seenBy.get(changed)).toBe(next.id);
  });

  it('opts out a Contact whose Lead twin was opted out in Salesforce, and says why', async () => {
    const [lead] = e2e.emu.org.list('Lead', {
      where: 'HasOptedOutOfEmail = false AND IsConverted = false AND Email != null',
      limit: 1,
    });
    const contact = e2e.records.take('Contact', 'subscribed');
    if (!lead) throw new Error('no Lead to opt out');
    // The Contact has the Lead's address in other capitals, unchanged since the last night (no
    // SystemModstamp bump): only the lookup of the Lead's newly opted-out address can find it.
    const address = String(lead.fields.Email);
    e2e.emu.org.set(contact.id, { Email: address.toUpperCase() }, { touch: false });
    e2e.emu.org.set(lead.id, { HasOptedOutOfEmail: true });

    const run = await nightlyRun();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(run.fullPass).toBe(false);
    expect(e2e.emu.org.get(contact.id)?.fields.HasOptedOutOfEmail).toBe(true);
    expect(run.stats.covered).toBeGreaterThanOrEqual(1);

    // R9: the options page's history of the Contact names the Lead.
    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const row = page.getByTestId('unsubscribes').locator(`tr[data-record-id="${contact.id}"]`);
    await row.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('dialog', { name: /^History of / });
    await expect
      .poll(() => history.locator('tbody tr').first().textContent())
      .toContain(`Same email as Lead ${String(lead.fields.Name)}, which is opted out`);
    await history.screenshot({ path: `${SCREENSHOTS}/options-history-same-email-nightly.png` });
    await page.close();
  });

  it('resumes a run whose service worker was stopped, without writing twice', async () => {
    // 150 click unsubscribes Salesforce lacks, queued while it was unreachable (never sent).
    const targets = e2e.emu.org
      .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: 150 })
      .map((r) => r.id);
    const outage = e2e.emu.faults.add({ kind: 'collections-update', drop: true });
    await unsubscribeAll(options, e2e.emu, targets);
    e2e.emu.faults.remove(outage);
    // A write request: the outbox's Collections request, or the run's composite of them.
    const writeRequests = () =>
      e2e.emu.log.count({ kind: 'collections-update', method: 'PATCH' }) +
      new Set(e2e.emu.log.subrequests({ kind: 'collections-update' }).map((s) => s.seq)).size;
    const writesBefore = writeRequests();
    const appliedBefore = e2e.emu.writes.entries().length;
    // Slow reads, so that the run is caught in the middle.
    e2e.emu.faults.add({ kind: ['query', 'describe'], latencyMs: 400 });
    await options.evaluate(() => chrome.alarms.create('nightly', { when: Date.now() }));
    await expect.poll(async () => (await runs())[0]?.phase, { timeout: 30_000 }).toBe('import');
    await e2e.ext.stopWorker();
    e2e.emu.faults.clear();
    // The watchdog alarm (every minute) fires early here; the new worker resumes the run.
    await options.evaluate(() => chrome.alarms.create('nightly-resume', { when: Date.now() }));
    await expect.poll(async () => (await runs())[0]?.status, { timeout: 60_000 }).toBe('done');
    expect(targets.every((id) => e2e.emu.org.get(id)?.fields.HasOptedOutOfEmail === true)).toBe(
      true,
    );
    const writes = writeRequests() - writesBefore;
    // Each click written exactly once: by the outbox (its retry, its start-up flush, or the flush
    // each run starts with), never by the run beside it. The run writes the same-email records
    // of their addresses in at most one more request of its own.
    const applied = e2e.emu.writes.entries().slice(appliedBefore);
    for (const id of targets) expect(applied.filter((w) => w.id === id)).toHaveLength(1);
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(2);
  });

  it('records per-record errors, and a 503 or a rate limit, in the run without losing anything', async () => {
    const targets = e2e.emu.org
      .list('Lead', { where: 'HasOptedOutOfEmail = false AND IsConverted = false', limit: 3 })
      .map((r) => r.id);
    for (const id of targets) e2e.emu.org.set(id, { HasOptedOutOfEmail: true });
    // Imported, then unchecked in Salesforce: the next run must set them again.
    expect((await nightlyRun()).status).toBe('done');
    for (const id of targets) e2e.emu.org.set(id, { HasOptedOutOfEmail: false });
    const validation = e2e.emu.faults.add({
      kind: 'collections-update',
      recordError: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      recordIds: [targets[0] ?? ''],
      times: 1,
    });
    const run = await nightlyRun();
    e2e.emu.faults.remove(validation);
    expect(run.status).toBe('done');
    expect(run.stats.failed).toBe(1);
    expect(run.errors.map((e) => e.code)).toContain('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    expect(e2e.emu.org.get(targets[1] ?? '')?.fields.HasOptedOutOfEmail).toBe(true);

    e2e.emu.org.set(targets[1] ?? '', { HasOptedOutOfEmail: false });
    const busy = e2e.emu.faults.add({ kind: 'collections-update', error: 'SERVER_UNAVAILABLE' });
    const failed = await nightlyRun();
    e2e.emu.faults.remove(busy);
    expect(failed.status).toBe('failed');
    expect(failed.errors.at(-1)?.code).toBe('SERVER_UNAVAILABLE');
    const limited = e2e.emu.faults.add({
      kind: ['query', 'describe'],
      error: 'REQUEST_LIMIT_EXCEEDED',
    });
    const stopped = await nightlyRun();
    e2e.emu.faults.remove(limited);
    expect(stopped.errors.at(-1)?.code).toBe('REQUEST_LIMIT_EXCEEDED');
    const recovered = await nightlyRun();
    expect(recovered.status).toBe('done');
    expect(e2e.emu.org.get(targets[1] ?? '')?.fields.HasOptedOutOfEmail).toBe(true);
  });

  it('runs from the options page with Run now, and lists the run with its figures', async () => {
    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const history = page.getByRole('region', { name: 'Run history' });
    // Earlier tests' runs are listed once the page has loaded them.
    await history.locator('tbody tr').first().waitFor();
    const before = await history.locator('tbody tr').count();
    await history.getByRole('button', { name: 'Run now' }).click();
    await expect
      .poll(() => history.locator('tbody tr').count(), { timeout: 30_000 })
      .toBe(before + 1);
    const row = history.locator('tbody tr').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    expect(await row.textContent()).toContain('Run now');
    expect(await row.textContent()).toMatch(/left today/);
    // The earlier runs' errors (the test above) in plain words, the raw code behind Details.
    const limited = history
      .getByTestId('run-error')
      .filter({ hasText: 'Your org has used up its Salesforce API requests' })
      .first();
    await limited.waitFor();
    expect(await limited.textContent()).not.toMatch(/^REQUEST_LIMIT_EXCEEDED/);
    expect(await limited.locator('code').isVisible()).toBe(false);
    await limited.getByText('Details').click();
    expect(await limited.locator('code').textContent()).toMatch(/^REQUEST_LIMIT_EXCEEDED/);
    await history
      .getByTestId('run-error')
      .filter({ hasText: 'A validation rule rejected the change' })
      .first()
      .waitFor();
    await history.screenshot({ path: `${SCREENSHOTS}/options-run-history.png` });
    await page.close();
  });

  it('waits for a Salesforce sign-in when the session expired mid-run, then finishes', async () => {
    const target = e2e.records.take('Contact', 'subscribed').id;
    await ask(options, {
      type: 'unsubscribe',
      recordId: target,
      pageUrl: e2e.emu.recordUrl(target),
    });
    e2e.emu.org.set(target, { HasOptedOutOfEmail: false });
    e2e.emu.sessions.expireAll();
    const waiting = await nightlyRun();
    expect(waiting.status).toBe('waiting');
    const page = await e2e.ext.context.newPage();
    await signIn(e2e.emu, page);
    await page.close();
    await expect.poll(async () => (await runs())[0]?.status, { timeout: 60_000 }).toBe('done');
    expect(e2e.emu.org.get(target)?.fields.HasOptedOutOfEmail).toBe(true);
  });
  it('stops under the API budget, says so in run history, still sends a click, and goes on later', async () => {
    const usage = e2e.emu.apiUsage;
    // The org has 8,500 of its 100,000 daily calls left: under the 10 % kept for other work.
    expect(usage.max).toBe(100_000);
    usage.setUsed(91_500);
    const stopped = await nightlyRun();
    expect(stopped.status).toBe('waiting');
    expect(stopped.budgetStop).toMatchObject({ limit: 100_000, floorPercent: 10 });
    const left = stopped.budgetStop?.remaining ?? 0;
    expect(left).toBeLessThanOrEqual(8_500);
    expect(left).toBeGreaterThan(8_400);

    const page = await e2e.ext.openExtensionPage(OPTIONS_PAGE);
    const history = page.getByRole('region', { name: 'Run history' });
    const row = history.locator('tbody tr').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('waiting');
    const words = `Stopped: the org has ${left.toLocaleString('en-US')} API calls left today, under the 10% kept for other work; it goes on at the next opportunity.`;
    expect(await row.textContent()).toContain('Waiting for API calls');
    expect(await row.textContent()).toContain(words);
    expect(await history.getByTestId('run-waiting').textContent()).toBe(words);
    await history.screenshot({ path: `${SCREENSHOTS}/options-run-history-budget.png` });

    // A click is never held back by the budget.
    const target = e2e.records.take('Contact', 'subscribed').id;
    await ask(options, {
      type: 'unsubscribe',
      recordId: target,
      pageUrl: e2e.emu.recordUrl(target),
    });
    await expect
      .poll(() => e2e.emu.org.get(target)?.fields.HasOptedOutOfEmail, { timeout: 20_000 })
      .toBe(true);

    // A new day: the same run goes on at the next nightly time, to its end.
    usage.setUsed(0);
    await options.evaluate(() => chrome.alarms.create('nightly', { when: Date.now() }));
    await expect.poll(async () => (await runs())[0]?.status, { timeout: 60_000 }).toBe('done');
    const [finished] = await runs();
    expect(finished?.id).toBe(stopped.id);
    await page.reload();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    expect(await row.textContent()).toContain(
      `Stopped once: the org had ${left.toLocaleString('en-US')} API calls left, under the 10% kept for other work; it went on later.`,
    );
    await page.close();
  });
});
