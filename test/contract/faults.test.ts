import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect } from './helpers/emulator-client';

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

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
