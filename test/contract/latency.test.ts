import { afterEach, describe, expect, it } from 'vitest';
import {
  bulkJobTiming,
  chargeServerTime,
  MODELLED_LATENCY,
  responseDelayMs,
  ServerTime,
  type LatencyOptions,
} from '../emulator/control/latency';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect } from './helpers/emulator-client';

const MODEL: LatencyOptions = {
  roundTripMs: 100,
  serverMsPerSubrequest: 10,
  serverMsPerRowRead: 0.5,
  serverMsPerRowWritten: 2,
  bulkJobMs: 1000,
  bulkQueryMsPerRow: 0.1,
  bulkIngestMsPerRow: 1,
  bulkResultMsPerRow: 0.01,
};

describe('the latency model', () => {
  it('charges a round trip and one subrequest to a plain request', () => {
    expect(responseDelayMs(MODEL, new ServerTime())).toBe(110);
  });

  it('charges rows read and written, and each subrequest a Composite runs', () => {
    const request = { serverTime: new ServerTime() };
    chargeServerTime(request, { rowsRead: 200 });
    expect(responseDelayMs(MODEL, request.serverTime)).toBe(110 + 100);
    // A Composite of 3 subrequests, the second writing 200 records: one round trip, 3 units.
    const composite = { serverTime: new ServerTime() };
    for (const work of [{ rowsRead: 10 }, { rowsWritten: 200 }, {}]) {
      chargeServerTime(composite, { subrequests: 1 });
      chargeServerTime(composite, work);
    }
    expect(responseDelayMs(MODEL, composite.serverTime)).toBe(100 + 30 + 5 + 400);
  });

  it('makes Bulk API 2.0 jobs take longer with more rows, and keeps bulkJobDelayMs without it', () => {
    const modelled = bulkJobTiming({ latency: MODEL, bulkJobDelayMs: 300 });
    expect(modelled.queuedMs).toBe(500);
    expect(modelled.inProgressMs('query', 10_000)).toBe(1500);
    expect(modelled.inProgressMs('ingest', 1000)).toBe(1500);
    const plain = bulkJobTiming({ latency: null, bulkJobDelayMs: 300 });
    expect([plain.queuedMs, plain.inProgressMs('query', 1_000_000)]).toEqual([150, 150]);
  });

  it('models seconds for a Bulk job and a 100 ms round trip in the bench', () => {
    const bench = bulkJobTiming({ latency: MODELLED_LATENCY, bulkJobDelayMs: 300 });
    expect(bench.queuedMs + bench.inProgressMs('query', 100_000)).toBeGreaterThan(5000);
    expect(MODELLED_LATENCY.roundTripMs).toBe(100);
  });
});

describe('an emulator with latency', () => {
  let emulator: Emulator | null = null;
  afterEach(async () => {
    await emulator?.close();
    emulator = null;
  });

  it('holds concurrent responses at the same time (timers, not a queue)', async () => {
    // A long round trip, so that every request is still held when the last one arrives.
    emulator = await startEmulator({
      seed: 3,
      contacts: 50,
      latency: { ...MODEL, roundTripMs: 3000 },
    });
    const emu = emulator;
    const conn = connect(emu);
    // A jsforce Query starts when awaited, so each is awaited inside its own promise.
    const queries = Array.from({ length: 5 }, async () =>
      conn.query('SELECT Id FROM Contact LIMIT 2'),
    );
    await expect
      .poll(() => emu.log.entries({ kind: 'query' }).length, { timeout: 2500, interval: 20 })
      .toBe(5);
    // All five answered by the org and none sent yet: they wait side by side.
    expect(emu.log.entries({ kind: 'query' }).filter((e) => !e.done)).toHaveLength(5);
    const results = await Promise.all(queries);
    expect(results.map((r) => r.records.length)).toEqual([2, 2, 2, 2, 2]);
    expect(emu.log.entries({ kind: 'query' }).every((e) => e.done)).toBe(true);
  });

  it('holds a Composite response one round trip plus each subrequest it ran', async () => {
    emulator = await startEmulator({ seed: 7, contacts: 3, leads: 1, latency: MODEL });
    const emu = emulator;
    const conn = connect(emu);
    const describe = (ref: string, object: string) => ({
      method: 'GET',
      url: `/services/data/v${conn.version}/sobjects/${object}/describe`,
      referenceId: ref,
    });
    await conn.request({
      method: 'POST',
      url: `/services/data/v${conn.version}/composite`,
      body: JSON.stringify({
        compositeRequest: [
          describe('c', 'Contact'),
          describe('l', 'Lead'),
          describe('a', 'Account'),
        ],
      }),
      headers: { 'Content-Type': 'application/json' },
    });
    const [entry] = emu.log.entries({ kind: 'composite' });
    expect(entry?.heldMs).toBe(100 + 3 * 10);
  });

  it('runs a Bulk API 2.0 query job to completion with its rows', async () => {
    emulator = await startEmulator({
      seed: 4,
      contacts: 300,
      latency: { ...MODEL, roundTripMs: 5, bulkJobMs: 200 },
    });
    const conn = connect(emulator);
    const stream = await conn.bulk2.query('SELECT Id FROM Contact', {
      pollInterval: 50,
      pollTimeout: 10_000,
    });
    let rows = 0;
    await new Promise<void>((resolve, reject) => {
      stream.on('record', () => (rows += 1));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(rows).toBe(300);
    // Queued, then InProgress: polled more than once before it completed.
    expect(emulator.log.count({ kind: 'bulk2-query-status' })).toBeGreaterThan(1);
  });
});
