import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { API_VERSION, requestAs, type HostResponse } from './helpers/emulator-client';

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

/**
 * The concurrent API request limit (Salesforce Developer Limits and Allocations Quick Reference,
 * "API Request Limits and Allocations"): requests that have run 20 s or more count; with 25 of them
 * running, a production org answers new requests with REQUEST_LIMIT_EXCEEDED. The emulator reads
 * request ages from `requestClock`, here a clock the test moves; a latency fault holds the
 * requests open meanwhile.
 */
let now = 1_000_000;
let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 31, requestClock: () => now });
  token = emulator.sessions.createSession();
});
afterAll(() => emulator.close());

const api = (path: string): Promise<HostResponse> =>
  requestAs(emulator, {
    host: emulator.myDomainHost,
    path: `/services/data/v${API_VERSION}${path}`,
    headers: { authorization: `Bearer ${token}` },
  });

async function untilInFlight(count: number): Promise<void> {
  await expect.poll(() => emulator.limits.concurrency().inFlight, { timeout: 10_000 }).toBe(count);
}

describe('the concurrent long-running request limit', () => {
  it('counts API requests in flight and the most at once', async () => {
    emulator.limits.resetPeaks();
    const rule = emulator.faults.add({ kind: 'describe', latencyMs: 400 });
    const held = [1, 2, 3].map(() => api('/sobjects/Contact/describe'));
    await untilInFlight(3);
    emulator.faults.remove(rule);
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200, 200]);
    await untilInFlight(0);
    expect(emulator.limits.concurrency()).toMatchObject({
      peakInFlight: 3,
      longRunning: 0,
      peakLongRunning: 0,
      refused: 0,
      limit: 25,
      longRunningMs: 20_000,
    });
  });

  it('refuses new requests while 25 have run for 20 s or more, and lets them in once fewer have', async () => {
    emulator.limits.resetPeaks();
    const rule = emulator.faults.add({ kind: 'query', latencyMs: 1500 });
    const soql = encodeURIComponent('SELECT Id FROM Contact LIMIT 1');
    const held = Array.from({ length: 25 }, () => api(`/query?q=${soql}`));
    await untilInFlight(25);

    // Not yet 20 s old: requests shorter than that have no limit.
    now += 19_999;
    expect((await api('/limits')).status).toBe(200);
    expect(emulator.limits.concurrency().longRunning).toBe(0);

    now += 1;
    const used = emulator.apiUsage.used;
    const refused = await api('/limits');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual([
      {
        errorCode: 'REQUEST_LIMIT_EXCEEDED',
        message: 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.',
      },
    ]);
    // Refused before it ran: not counted toward the daily allowance.
    expect(emulator.apiUsage.used).toBe(used);
    expect(emulator.limits.concurrency()).toMatchObject({ longRunning: 25, refused: 1 });

    emulator.faults.remove(rule);
    expect(new Set((await Promise.all(held)).map((r) => r.status))).toEqual(new Set([200]));
    await untilInFlight(0);
    expect((await api('/limits')).status).toBe(200);
    expect(emulator.limits.concurrency()).toMatchObject({ peakLongRunning: 25, longestMs: 20_000 });
  });

  it('reports the figures on the control surface', async () => {
    const response = await fetch(`${emulator.baseUrl}/__emulator/limits`);
    const figures = (await response.json()) as { concurrency: { peakLongRunning: number } };
    expect(figures.concurrency.peakLongRunning).toBe(25);
    const reset = await fetch(`${emulator.baseUrl}/__emulator/limits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resetPeaks: true }),
    });
    const after = (await reset.json()) as { concurrency: { peakLongRunning: number } };
    expect(after.concurrency.peakLongRunning).toBe(0);
  });
});
