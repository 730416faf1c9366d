import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect } from './helpers/emulator-client';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 13, contacts: 400, optedOutRate: 0 });
});
afterEach(() => emulator.faults.clear());
afterAll(() => emulator.close());

function contactIds(count: number, offset: number): string[] {
  return emulator.org
    .list('Contact', { limit: count + offset })
    .slice(offset)
    .map((r) => r.id);
}

describe('whole-request faults', () => {
  it('answers 401 INVALID_SESSION_ID, which jsforce reports when it cannot refresh', async () => {
    emulator.faults.add({ kind: 'query', error: 'INVALID_SESSION_ID', times: 1 });
    const conn = connect(emulator);
    await expect(conn.query('SELECT Id FROM Contact LIMIT 1')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    });
    expect((await conn.query('SELECT Id FROM Contact LIMIT 1')).totalSize).toBe(1);
  });

  it('answers 403 REQUEST_LIMIT_EXCEEDED and 400 INVALID_FIELD', async () => {
    const conn = connect(emulator);
    emulator.faults.add({ kind: 'describe', error: 'REQUEST_LIMIT_EXCEEDED', times: 1 });
    await expect(conn.describe('Contact')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    emulator.faults.add({
      path: /\/query$/,
      error: 'INVALID_FIELD',
      message: "No such column 'X'",
      times: 1,
    });
    await expect(conn.query('SELECT Id FROM Lead')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: "No such column 'X'",
    });
    expect(emulator.log.entries({ kind: 'describe' }).at(-1)?.status).toBe(403);
  });

  it('answers 503: jsforce in Node retries a GET but not a PATCH', async () => {
    const conn = connect(emulator);
    const [id] = contactIds(1, 0);
    emulator.faults.add({ kind: 'update', error: 'SERVER_UNAVAILABLE', times: 1 });
    await expect(
      conn.sobject('Contact').update({ Id: id ?? '', HasOptedOutOfEmail: true }),
    ).rejects.toMatchObject({ errorCode: 'SERVER_UNAVAILABLE' });
    expect(emulator.org.get(id ?? '')?.fields.HasOptedOutOfEmail).toBe(false);
    const before = emulator.log.entries().at(-1)?.seq ?? 0;
    emulator.faults.add({ kind: 'limits', error: 'SERVER_UNAVAILABLE', times: 1 });
    await conn.limits();
    expect(emulator.log.entries({ kind: 'limits', afterSeq: before }).map((e) => e.status)).toEqual(
      [503, 200],
    );
  });

  it('drops connections without answering', async () => {
    const conn = connect(emulator);
    const [id] = contactIds(1, 40);
    emulator.faults.add({ kind: 'collections-update', drop: true, times: 1 });
    await expect(
      conn.sobject('Contact').update([{ Id: id ?? '', HasOptedOutOfEmail: true }]),
    ).rejects.toThrow();
    expect(emulator.org.get(id ?? '')?.fields.HasOptedOutOfEmail).toBe(false);
    expect(emulator.log.entries({ kind: 'collections-update' }).at(-1)?.status).toBe(0);
  });

  it('applies a write and then loses the response', async () => {
    const conn = connect(emulator);
    const [id] = contactIds(1, 2);
    emulator.faults.add({ kind: 'collections-update', loseResponse: true, times: 1 });
    await expect(
      conn.sobject('Contact').update([{ Id: id ?? '', HasOptedOutOfEmail: true }]),
    ).rejects.toThrow();
    expect(emulator.org.get(id ?? '')?.fields.HasOptedOutOfEmail).toBe(true);
  });

  it('marks a request done only once the emulator has finished with it', async () => {
    const before = emulator.log.entries().at(-1)?.seq ?? 0;
    emulator.faults.add({ kind: 'limits', latencyMs: 300, times: 1 });
    const answered = connect(emulator).limits();
    const entry = () => emulator.log.entries({ kind: 'limits', afterSeq: before })[0];
    await expect.poll(() => entry()?.done).toBe(false);
    await answered;
    expect(entry()).toMatchObject({ status: 200, done: true });
  });

  it('adds latency', async () => {
    emulator.faults.add({ kind: 'limits', latencyMs: 150, times: 1 });
    const started = Date.now();
    await connect(emulator).limits();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});

describe('per-record faults', () => {
  it('fails chosen records inside a successful collections response', async () => {
    const conn = connect(emulator);
    const ids = contactIds(3, 10);
    emulator.faults.add({
      kind: 'collections-update',
      recordError: 'UNABLE_TO_LOCK_ROW',
      recordIds: [ids[1]?.slice(0, 15) ?? ''],
      times: 1,
    });
    const results = await conn
      .sobject('Contact')
      .update(ids.map((Id) => ({ Id, HasOptedOutOfEmail: true })));
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(results[1]?.errors[0]).toMatchObject({
      statusCode: 'UNABLE_TO_LOCK_ROW',
      message: expect.stringContaining('unable to obtain exclusive access'),
    });
    const retry = await conn
      .sobject('Contact')
      .update([{ Id: ids[1] ?? '', HasOptedOutOfEmail: true }]);
    expect(retry[0]?.success).toBe(true);
  });

  it('fails a single-record PATCH as the whole response', async () => {
    const conn = connect(emulator);
    const [a, b] = contactIds(2, 20);
    emulator.faults.add({
      kind: 'update',
      recordError: 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
      times: 1,
    });
    await expect(
      conn.sobject('Contact').update({ Id: a ?? '', HasOptedOutOfEmail: true }),
    ).rejects.toMatchObject({ errorCode: 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY' });
    emulator.faults.add({ kind: 'update', recordError: 'ENTITY_IS_DELETED', times: 1 });
    await expect(
      conn.sobject('Contact').update({ Id: b ?? '', HasOptedOutOfEmail: true }),
    ).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
    expect(emulator.log.entries({ kind: 'update' }).at(-1)?.status).toBe(404);
  });

  it('fails a seeded, repeatable fraction of records with a rate', async () => {
    const failing = async (): Promise<string[]> => {
      const other = await startEmulator({ seed: 99, contacts: 200, optedOutRate: 0 });
      try {
        other.faults.add({
          kind: 'collections-update',
          recordError: 'UNABLE_TO_LOCK_ROW',
          rate: 0.25,
        });
        const ids = other.org.list('Contact', { limit: 200 }).map((r) => r.id);
        const results = await connect(other)
          .sobject('Contact')
          .update(ids.map((Id) => ({ Id, HasOptedOutOfEmail: true })));
        return results.filter((r) => !r.success).map((r) => r.id ?? '');
      } finally {
        await other.close();
      }
    };
    const first = await failing();
    expect(first.length).toBeGreaterThan(20);
    expect(first.length).toBeLessThan(80);
    expect(await failing()).toEqual(first);
  });
});

describe('a mixed fault schedule', () => {
  /** About 20 % of collections updates failing in the four ways the outbox must ride out. */
  const schedule = (seed: number) => ({
    kind: 'collections-update' as const,
    rate: 0.2,
    seed,
    oneOf: [
      { error: 'SERVER_UNAVAILABLE' as const },
      { recordError: 'UNABLE_TO_LOCK_ROW' as const, recordRate: 0.5 },
      { drop: true },
      { loseResponse: true },
    ],
  });

  /** Sends 100 four-record collections updates; returns each request's injected faults. */
  async function run(seed: number): Promise<{ emu: Emulator; faults: string[][] }> {
    const emu = await startEmulator({ seed: 99, contacts: 400, optedOutRate: 0 });
    emu.faults.add(schedule(seed));
    const conn = connect(emu);
    const ids = emu.org.list('Contact', { limit: 400 }).map((r) => r.id);
    for (let i = 0; i < 100; i++) {
      const records = ids.slice(i * 4, i * 4 + 4).map((Id) => ({ Id, HasOptedOutOfEmail: true }));
      // A dropped connection or a lost response rejects; the log says which it was.
      await conn
        .sobject('Contact')
        .update(records)
        .catch(() => undefined);
    }
    const faults = emu.log.entries({ kind: 'collections-update' }).map((e) => [...e.faults]);
    return { emu, faults };
  }

  it('fails a seeded fraction of requests, each in one chosen way, labelled in the log', async () => {
    const { emu, faults } = await run(7);
    try {
      const faulted = faults.filter((f) => f.length > 0);
      expect(faulted.length).toBeGreaterThanOrEqual(10);
      expect(faulted.length).toBeLessThanOrEqual(30);
      expect(new Set(faulted.map((f) => f.join('+')))).toEqual(
        new Set(['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'drop', 'loseResponse']),
      );
      const status: Readonly<Record<string, number>> = {
        '': 200,
        SERVER_UNAVAILABLE: 503,
        UNABLE_TO_LOCK_ROW: 200,
        drop: 0,
        loseResponse: 0,
      };
      const written = emu.writes.countsById();
      for (const entry of emu.log.entries({ kind: 'collections-update' })) {
        const fault = entry.faults.join('+');
        expect(entry.status).toBe(status[fault]);
        expect(entry.done).toBe(true);
        // jsforce names each record by a lower-case `id`, an 18-character one here.
        const body = JSON.parse(entry.requestBody ?? '{}') as { records: Array<{ id: string }> };
        const applied = body.records.filter((r) => written.has(r.id)).length;
        // A lost response applied its writes, a lock error some; a 503 or a drop applied none.
        if (fault === '' || fault === 'loseResponse') expect(applied).toBe(4);
        else if (fault === 'UNABLE_TO_LOCK_ROW') expect(applied).toBeLessThan(4);
        else expect(applied).toBe(0);
      }
    } finally {
      await emu.close();
    }
  });

  it('replays the same faults in the same order with the same seed, and others with another', async () => {
    const first = await run(7);
    const again = await run(7);
    const other = await run(8);
    await Promise.all([first.emu.close(), again.emu.close(), other.emu.close()]);
    expect(again.faults).toEqual(first.faults);
    expect(other.faults).not.toEqual(first.faults);
  });

  it('refuses a oneOf rule that also has effects of its own', () => {
    expect(() => emulator.faults.add({ ...schedule(1), error: 'SERVER_UNAVAILABLE' })).toThrow(
      /no effects of its own: error/,
    );
    expect(() => emulator.faults.add({ ...schedule(1), oneOf: [] })).toThrow(/at least one/);
  });
});

describe('the write journal', () => {
  it('counts every write the org applied, a repeated one too, and none a fault refused', async () => {
    const conn = connect(emulator);
    const [id] = contactIds(1, 60);
    const record = { Id: id ?? '', HasOptedOutOfEmail: true };
    emulator.faults.add({ kind: 'collections-update', error: 'SERVER_UNAVAILABLE', times: 1 });
    await expect(conn.sobject('Contact').update([record])).rejects.toMatchObject({
      errorCode: 'SERVER_UNAVAILABLE',
    });
    expect(emulator.writes.entries({ id: id ?? '' })).toEqual([]);
    await conn.sobject('Contact').update([record]);
    await conn.sobject('Contact').update([record]);
    const writes = emulator.writes.entries({ id: (id ?? '').slice(0, 15) });
    expect(writes).toHaveLength(2);
    expect(writes[0]).toMatchObject({
      channel: 'collection',
      object: 'Contact',
      id,
      fields: { HasOptedOutOfEmail: true },
    });
    expect(emulator.writes.countsById({ field: 'HasOptedOutOfEmail' }).get(id ?? '')).toBe(2);
    // The request log keeps what the client sent, so a test can check every value it asked for.
    const sent = emulator.log.entries({ kind: 'collections-update' }).at(-1)?.requestBody;
    expect(JSON.parse(sent ?? '{}')).toMatchObject({ records: [{ HasOptedOutOfEmail: true }] });
  });
});
