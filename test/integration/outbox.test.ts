import type { Connection } from 'jsforce/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_ALARM } from '../../src/background/outbox';
import { startEmulator, type Emulator } from '../emulator/index';
import { FIRST_RETRY_MS, QUICK_RETRY_MS, SEND_SETTLE_MS } from '../../src/lib/backoff';
import { fireOutboxAlarm, fireRetryTimer, outboxHarness } from './outbox-harness';

/**
 * The durable outbox (SPEC R2) against the emulator: clicks that come together share one
 * Collections request, and no failure (a lost response, a 503, a worker stopped mid-send) loses
 * an unsubscribe or writes it twice. Counts are the emulator's own request log.
 */

let emu: Emulator;
let unused: string[];

beforeAll(async () => {
  emu = await startEmulator({
    seed: 7,
    contacts: 60,
    leads: 0,
    personAccounts: 0,
    businessAccounts: 0,
    optedOutRate: 0,
  });
  unused = emu.org.list('Contact', { where: 'HasOptedOutOfEmail = false' }).map((r) => r.id);
});

afterAll(async () => {
  await emu?.close();
});

/** Contacts no other test has used, still opted in. */
function contacts(n: number): string[] {
  const taken = unused.splice(0, n);
  if (taken.length < n) throw new Error('the seeded org ran out of Contacts');
  return taken;
}

const optedOut = (id: string) => emu.org.get(id)?.fields.HasOptedOutOfEmail === true;

/** Requests of a kind the emulator received since `seq`, with the status each got. */
function statuses(kind: 'collections-update' | 'query', afterSeq: number): number[] {
  return emu.log.entries({ kind, afterSeq }).map((e) => e.status);
}

const lastSeq = () => emu.log.entries().at(-1)?.seq ?? 0;

describe('the outbox', () => {
  it('coalesces clicks made while a send is in flight into ONE Collections request', async () => {
    const h = await outboxHarness(emu);
    const outbox = h.worker();
    const [first, ...others] = contacts(4);
    if (!first) throw new Error('no Contact');
    const since = lastSeq();
    // The first click's request is slow, so the rep's next clicks land while it is in flight.
    emu.faults.add({ kind: 'collections-update', latencyMs: 500, times: 1 });
    await h.click(first);
    const sends = [outbox.flush()];
    await expect.poll(() => statuses('collections-update', since).length).toBe(1);
    for (const id of others) {
      await h.click(id);
      sends.push(outbox.flush());
    }
    await Promise.all(sends);

    // The three later clicks shared one flush, queued behind the one in flight.
    expect(new Set(sends.slice(1)).size).toBe(1);

    expect(statuses('collections-update', since)).toEqual([200, 200]);
    expect([first, ...others].every(optedOut)).toBe(true);
    for (const id of [first, ...others]) expect((await h.stored(id))?.status).toBe('confirmed');
    expect(await h.alarms.get(OUTBOX_ALARM)).toBeUndefined();
  });

  it('after a lost response reads first and does not write again', async () => {
    const h = await outboxHarness(emu);
    const outbox = h.worker();
    const [id] = contacts(1);
    if (!id) throw new Error('no Contact');
    const since = lastSeq();
    emu.faults.add({ kind: 'collections-update', loseResponse: true, times: 1 });
    await h.click(id);
    await outbox.flush();

    // Salesforce applied the write; the outbox only knows it might have.
    expect(optedOut(id)).toBe(true);
    expect(statuses('collections-update', since)).toEqual([0]);
    const unknown = await h.stored(id);
    expect(unknown).toMatchObject({ status: 'pending', outcomeUnknown: true, attempts: 1 });
    // A dropped connection is a short fault: the awake worker's timer retries it within a second;
    // the alarm, 30 s on, is there in case the worker is stopped first.
    expect(h.retryTimer.pending?.delayMs).toBe((unknown?.nextAttemptAt ?? 0) - h.now());
    expect(h.retryTimer.pending?.delayMs).toBeLessThanOrEqual(QUICK_RETRY_MS[0] ?? 0);
    expect((await h.alarms.get(OUTBOX_ALARM))?.scheduledTime).toBe(h.now() + FIRST_RETRY_MS);

    await fireOutboxAlarm(h, outbox);
    expect(statuses('query', since)).toEqual([200]);
    expect(statuses('collections-update', since)).toEqual([0]);
    expect(await h.stored(id)).toMatchObject({ status: 'confirmed', outcomeUnknown: false });
    expect(await h.alarms.get(OUTBOX_ALARM)).toBeUndefined();
  });

  it('keeps a 503 queued until its retry time, then sends it once more and confirms it', async () => {
    const h = await outboxHarness(emu);
    const outbox = h.worker();
    const [id] = contacts(1);
    if (!id) throw new Error('no Contact');
    const since = lastSeq();
    emu.faults.add({ kind: 'collections-update', error: 'SERVER_UNAVAILABLE', times: 1 });
    await h.click(id);
    await outbox.flush();

    expect(statuses('collections-update', since)).toEqual([503]);
    expect(optedOut(id)).toBe(false);
    const queued = await h.stored(id);
    expect(queued).toMatchObject({ status: 'pending', outcomeUnknown: false });
    expect(queued?.lastError?.code).toBe('server-busy');
    expect(queued?.nextAttemptAt).toBeGreaterThan(h.now());

    // Another click's flush before the retry time leaves it waiting.
    await outbox.flush();
    expect(statuses('collections-update', since)).toEqual([503]);

    await fireOutboxAlarm(h, outbox);
    expect(statuses('collections-update', since)).toEqual([503, 200]);
    // A 503 applied nothing, so nothing is read before the retry.
    expect(statuses('query', since)).toEqual([]);
    expect(optedOut(id)).toBe(true);
    expect((await h.stored(id))?.status).toBe('confirmed');
  });

  it('retries two 503s in a row within seconds on the worker’s timer, then confirms', async () => {
    const h = await outboxHarness(emu);
    const outbox = h.worker();
    const [id] = contacts(1);
    if (!id) throw new Error('no Contact');
    const since = lastSeq();
    const clickedAt = h.now();
    emu.faults.add({ kind: 'collections-update', error: 'SERVER_UNAVAILABLE', times: 2 });
    await h.click(id);
    await outbox.flush();
    await fireRetryTimer(h);
    await fireRetryTimer(h);

    expect(statuses('collections-update', since)).toEqual([503, 503, 200]);
    expect(optedOut(id)).toBe(true);
    expect((await h.stored(id))?.status).toBe('confirmed');
    // The first two quick retries wait at most 1 s and 3 s.
    expect(h.now() - clickedAt).toBeLessThanOrEqual(
      (QUICK_RETRY_MS[0] ?? 0) + (QUICK_RETRY_MS[1] ?? 0),
    );
    expect(h.retryTimer.pending).toBeNull();
    expect(await h.alarms.get(OUTBOX_ALARM)).toBeUndefined();
  });

  it('keeps a rate limit on the slow schedule: no quick retry', async () => {
    const h = await outboxHarness(emu);
    const outbox = h.worker();
    const [id] = contacts(1);
    if (!id) throw new Error('no Contact');
    emu.faults.add({ kind: 'collections-update', error: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
    await h.click(id);
    await outbox.flush();

    expect((await h.stored(id))?.lastError?.code).toBe('rate-limited');
    expect(h.retryTimer.pending).toBeNull();
    expect((await h.alarms.get(OUTBOX_ALARM))?.scheduledTime).toBeGreaterThanOrEqual(
      h.now() + FIRST_RETRY_MS / 2,
    );
    await fireOutboxAlarm(h, outbox);
    expect((await h.stored(id))?.status).toBe('confirmed');
  });

  it.each([
    { stopped: 'before its request reached Salesforce', reached: false },
    { stopped: 'after Salesforce applied its request', reached: true },
  ])('finishes, once, the sends of a worker stopped $stopped', async ({ reached }) => {
    const h = await outboxHarness(emu);
    const ids = contacts(3);
    const since = lastSeq();
    // The worker dies with the Collections request in flight: no answer ever comes back.
    const cutOff = (conn: Connection): Connection => {
      const dying = Object.create(conn) as Connection;
      dying.request = ((request: Parameters<Connection['request']>[0]) => {
        if (reached) void conn.request(request).then(undefined, () => undefined);
        return new Promise(() => undefined);
      }) as Connection['request'];
      return dying;
    };
    for (const id of ids) await h.click(id);
    void h.worker(cutOff).flush();
    await expect.poll(async () => (await h.stored(ids[0] ?? ''))?.outcomeUnknown).toBe(true);
    if (reached) await expect.poll(() => ids.every(optedOut)).toBe(true);
    for (const id of ids) {
      expect(await h.stored(id)).toMatchObject({
        status: 'pending',
        outcomeUnknown: true,
        attempts: 1,
      });
    }

    // A worker started at once leaves the sends to settle: one cut off on our side may still be
    // applied by Salesforce after it. So does a retry of everything, and a click of the same org
    // sent meanwhile goes alone.
    const early = lastSeq();
    await h.worker().flush();
    await h.worker().flush({ retryAll: true });
    expect(statuses('query', early)).toEqual([]);
    expect(statuses('collections-update', early)).toEqual([]);
    const [other] = contacts(1);
    if (!other) throw new Error('no Contact');
    await h.click(other);
    await h.worker().flush();
    const alone = emu.log.entries({ kind: 'collections-update', afterSeq: early });
    expect(alone.map((e) => e.requestBody?.includes(other))).toEqual([true]);
    expect(ids.some((id) => alone[0]?.requestBody?.includes(id))).toBe(false);
    // Once settled, the next worker's flush reads what may have applied, and writes only what
    // did not.
    h.setNow(h.now() + SEND_SETTLE_MS);
    const restart = lastSeq();
    await h.worker().flush();
    expect(statuses('query', restart)).toEqual([200]);
    expect(statuses('collections-update', restart)).toEqual(reached ? [] : [200]);
    // Either way Salesforce got one write of all three records (and the other click's own).
    expect(statuses('collections-update', since)).toEqual([200, 200]);
    expect(ids.every(optedOut)).toBe(true);
    for (const id of ids) expect((await h.stored(id))?.status).toBe('confirmed');
  });
});

describe('the outbox under a refused API', () => {
  it('API Enabled missing: keeps the click queued, tries 3 more times slowly, then waits; a new session sends it', async () => {
    const h = await outboxHarness(emu);
    const outbox = h.worker();
    const [id] = contacts(1);
    if (!id) throw new Error('no Contact');
    const since = lastSeq();
    emu.apiAccess.set('user-disabled');
    try {
      await h.click(id);
      await outbox.flush();
      let stored = await h.stored(id);
      expect(stored).toMatchObject({
        status: 'pending',
        lastError: { code: 'api-disabled', errorCode: 'API_CURRENTLY_DISABLED' },
      });
      // No quick retry on the worker's timer: the slow schedule, a bounded number of times.
      expect(h.retryTimer.pending).toBeNull();
      for (let i = 0; i < 3; i++) await fireOutboxAlarm(h, outbox);
      stored = await h.stored(id);
      expect(stored).toMatchObject({ status: 'pending', nextAttemptAt: null, attempts: 4 });
      expect(await h.alarms.get(OUTBOX_ALARM)).toBeUndefined();
      expect(statuses('collections-update', since)).toEqual([403, 403, 403, 403]);
      // Nothing more happens by itself: a worker start flushes, and sends nothing.
      await h.worker().flush();
      expect(statuses('collections-update', since)).toHaveLength(4);
    } finally {
      emu.apiAccess.set('enabled');
    }
    // The admin granted it; the rep signs in again: the new sid sends it at once.
    await outbox.flush({ renewedInstanceUrl: `https://${emu.myDomainHost}` });
    expect(await h.stored(id)).toMatchObject({ status: 'confirmed' });
    expect(optedOut(id)).toBe(true);
    expect(statuses('collections-update', since)).toEqual([403, 403, 403, 403, 200]);
  });

  it('API Access Control: a refusal that persists on a fresh sid says Connect, and stops retrying', async () => {
    const h = await outboxHarness(emu);
    const [id] = contacts(1);
    if (!id) throw new Error('no Contact');
    const since = lastSeq();
    emu.apiAccess.set('approved-apps-only');
    try {
      await h.click(id);
      await h.worker().flush();
      // The first refusal of a session reads as an expired one: sign in again.
      expect(await h.stored(id)).toMatchObject({
        status: 'pending',
        lastError: { code: 'session-expired', errorCode: 'INVALID_SESSION_ID' },
      });
      // The rep signs in again: a fresh sid appears, is refused too, so it is API Access Control.
      h.renewSession(emu.sessions.createSession());
      const renewed = h.worker();
      await renewed.flush({ renewedInstanceUrl: `https://${emu.myDomainHost}` });
      expect(await h.stored(id)).toMatchObject({
        status: 'pending',
        nextAttemptAt: null,
        lastError: { code: 'api-not-approved', errorCode: 'INVALID_SESSION_ID' },
      });
      expect(await h.alarms.get(OUTBOX_ALARM)).toBeUndefined();
      await renewed.flush();
      expect(statuses('collections-update', since)).toEqual([401, 401]);
    } finally {
      emu.apiAccess.set('enabled');
    }
  });
});
