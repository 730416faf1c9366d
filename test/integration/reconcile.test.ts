import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { getUnsubscribe } from '../../src/lib/db/unsubscribes';
import { storedRows } from '../stored-rows';
import { startEmulator, type Emulator } from '../emulator/index';
import { clickRecord, harness } from './reconcile-harness';

/**
 * SPEC R5 and R6 against the emulator: both sides end equal, nothing is ever cleared, a run cut
 * off mid-way resumes from its checkpoint without writing twice, and calls stay near the floor.
 * Record by record (`sameEmail` off): the emulator's people share addresses as real ones do, and
 * what the same-email rule adds is in reconcile-same-email.test.ts.
 */
const RECORD_LEVEL = { sameEmail: false };

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 41,
    contacts: 3000,
    leads: 1500,
    personAccounts: 300,
    businessAccounts: 50,
    optedOutRate: 0.1,
  });
});

afterAll(async () => {
  await emu?.close();
});

const optedOut = (object: 'Contact' | 'Lead' | 'Account', field: string, extra = '') =>
  emu.org.list(object, { where: `${field} = true${extra}` }).map((r) => r.id);

function bothSidesEqual(ids: Set<string>) {
  const sf = new Set([
    ...optedOut('Contact', 'HasOptedOutOfEmail'),
    ...optedOut('Lead', 'HasOptedOutOfEmail', ' AND IsConverted = false'),
    ...optedOut('Account', 'PersonHasOptedOutOfEmail', ' AND IsPersonAccount = true'),
  ]);
  return [...sf].every((id) => ids.has(id));
}

describe('the nightly reconcile', () => {
  it('makes both sides hold every unsubscribe, then costs only a few calls when nothing changed', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    const mine = emu.org
      .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: 250 })
      .map((r) => r.id);
    await h.db.put('unsubscribes', encodeUnsubscribe(clickRecord(emu, mine[0] ?? '', 'Contact')));
    for (const id of mine.slice(1))
      await h.db.put(
        'unsubscribes',
        encodeUnsubscribe({ ...clickRecord(emu, id, 'Contact'), status: 'confirmed' }),
      );
    const before = emu.apiUsage.used;
    const first = await h.run();
    expect(first.status, JSON.stringify(first.errors)).toBe('done');
    expect(mine.every((id) => emu.org.get(id)?.fields.HasOptedOutOfEmail === true)).toBe(true);
    const stored = await storedRows(h.db);
    expect(bothSidesEqual(new Set(stored.map((r) => r.recordId)))).toBe(true);
    expect(first.stats.written).toBe(250);
    expect(first.stats.imported).toBeGreaterThan(400);
    // 3 describes + a composite of up to 10,000 rows per kind read (no COUNT()) + one composite
    // of up to 1,000 writes.
    const reads = Math.ceil(first.stats.read / 10_000) + 3;
    expect(first.stats.apiCalls).toBeLessThanOrEqual(3 + reads + 1);
    expect(emu.apiUsage.used - before).toBe(first.stats.apiCalls);
    expect(first.stats.apiRemaining).toBe(emu.apiUsage.remaining);

    const second = await h.run();
    expect(second.status).toBe('done');
    expect(second.fullPass).toBe(false);
    expect(second.stats.written).toBe(0);
    // Three describes and one composite per kind: no COUNT(), nothing to write.
    expect(second.stats.apiCalls).toBeLessThanOrEqual(3 + 3);
    expect(emu.log.count({ kind: ['query', 'queryMore', 'collections-update'] })).toBe(0);
  });

  it('never resubscribes: an opt-out unchecked in Salesforce is set again, a removed one comes back', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    await h.run();
    const [unchecked, removed] = (await storedRows(h.db)).filter((r) => r.object === 'Contact');
    if (!unchecked || !removed) throw new Error('no stored Contacts');
    emu.org.set(unchecked.recordId, { HasOptedOutOfEmail: false });
    await h.db.delete('unsubscribes', [removed.orgId, removed.recordId]);
    const state = await h.db.get('syncState', emu.orgId);
    if (state) await h.db.put('syncState', { ...state, recheckIds: [removed.recordId] });
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(emu.org.get(unchecked.recordId)?.fields.HasOptedOutOfEmail).toBe(true);
    expect((await getUnsubscribe(h.db, removed.orgId, removed.recordId))?.source).toBe(
      'salesforce',
    );
  });

  it('resumes a run cut off mid-export from its checkpoint, without writing anything twice', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    // 2,200 writes: three composites of up to 1,000 (five Collections subrequests of 200).
    const leads = emu.org
      .list('Lead', { where: 'HasOptedOutOfEmail = false AND IsConverted = false', limit: 1000 })
      .map((r) => r.id);
    const contacts = emu.org
      .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: 1200 })
      .map((r) => r.id);
    for (const id of leads)
      await h.db.put(
        'unsubscribes',
        encodeUnsubscribe({ ...clickRecord(emu, id, 'Lead'), status: 'confirmed' }),
      );
    for (const id of contacts)
      await h.db.put(
        'unsubscribes',
        encodeUnsubscribe({ ...clickRecord(emu, id, 'Contact'), status: 'confirmed' }),
      );
    const ids = [...leads, ...contacts];
    const seq = emu.log.entries().at(-1)?.seq ?? 0;
    let checkpoints = 0;
    // The "service worker" dies at its second export checkpoint: the run never returns.
    const cut = h.run({
      onProgress: (run) =>
        run.phase === 'export' && run.checkpoint.afterId && ++checkpoints === 2
          ? new Promise<void>(() => undefined)
          : undefined,
    });
    await expect.poll(() => checkpoints, { timeout: 20_000 }).toBe(2);
    void cut;
    const resumed = await h.run();
    expect(resumed.status).toBe('done');
    expect(ids.every((id) => emu.org.get(id)?.fields.HasOptedOutOfEmail === true)).toBe(true);
    const writes = emu.log.subrequests({ afterSeq: seq, kind: 'collections-update' });
    expect(ids).toHaveLength(2200);
    expect(writes).toHaveLength(Math.ceil(1000 / 200) + Math.ceil(1200 / 200));
    expect(new Set(writes.map((w) => w.seq)).size).toBe(Math.ceil(2200 / 1000));
    const counts = emu.writes.countsById({ field: 'HasOptedOutOfEmail' });
    expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
  });

  it('leaves a click the outbox holds to the outbox, so the two never write it both', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    const [queued, runs] = emu.org
      .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: 2 })
      .map((r) => r.id);
    // A click in its backoff (the outbox sends it), and one with no retry time (the run's).
    const waiting = { ...clickRecord(emu, queued ?? '', 'Contact'), nextAttemptAt: Date.now() };
    await h.db.put('unsubscribes', encodeUnsubscribe(waiting));
    await h.db.put('unsubscribes', encodeUnsubscribe(clickRecord(emu, runs ?? '', 'Contact')));
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(emu.writes.entries({ id: queued ?? '' })).toEqual([]);
    expect((await getUnsubscribe(h.db, emu.orgId, queued ?? ''))?.status).toBe('pending');
    expect(emu.writes.entries({ id: runs ?? '' })).toHaveLength(1);
  });

  it('records per-record errors and a rate limit in the run, and keeps a resumable state', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    const ids = emu.org
      .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: 3 })
      .map((r) => r.id);
    for (const id of ids)
      await h.db.put(
        'unsubscribes',
        encodeUnsubscribe({ ...clickRecord(emu, id, 'Contact'), status: 'confirmed' }),
      );
    emu.org.delete(ids[0] ?? '');
    const fault = emu.faults.add({
      kind: 'collections-update',
      recordError: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      recordIds: [ids[1] ?? ''],
      times: 1,
    });
    const run = await h.run();
    emu.faults.remove(fault);
    expect(run.status).toBe('done');
    expect(run.stats.failed).toBe(2);
    expect(run.errors.map((e) => e.code).sort()).toEqual([
      'ENTITY_IS_DELETED',
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    ]);
    expect((await getUnsubscribe(h.db, emu.orgId, ids[0] ?? ''))?.status).toBe('failed');
    // Failed records wait for a person: the next run does not try them again.
    const next = await h.run();
    expect(next.stats.failed).toBe(0);

    const limited = await harness(emu, RECORD_LEVEL);
    await limited.db.put(
      'unsubscribes',
      encodeUnsubscribe({
        ...clickRecord(emu, ids[2] ?? '', 'Contact'),
        status: 'pending',
      }),
    );
    emu.org.set(ids[2] ?? '', { HasOptedOutOfEmail: false });
    const limit = emu.faults.add({
      kind: ['composite', 'describe'],
      error: 'REQUEST_LIMIT_EXCEEDED',
    });
    const stopped = await limited.run();
    emu.faults.remove(limit);
    expect(stopped.status).toBe('failed');
    expect(stopped.errors[0]?.code).toBe('REQUEST_LIMIT_EXCEEDED');
  });

  it('uses Bulk API 2.0 above its threshold, in a handful of calls', async () => {
    const h = await harness(emu, RECORD_LEVEL, {
      bulkThreshold: 100,
      bulkWriteThreshold: 100,
      bulkPageSize: 1000,
    });
    const contacts = emu.org
      .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: 500 })
      .map((r) => r.id);
    const leads = emu.org
      .list('Lead', { where: 'HasOptedOutOfEmail = false AND IsConverted = false', limit: 150 })
      .map((r) => r.id);
    const ids = [...contacts, ...leads];
    for (const id of ids)
      await h.db.put(
        'unsubscribes',
        encodeUnsubscribe({
          ...clickRecord(emu, id, id.startsWith('00Q') ? 'Lead' : 'Contact'),
          status: 'confirmed',
        }),
      );
    const bulkBefore = emu.log.count({ kind: ['bulk2-query-create', 'bulk2-ingest-create'] });
    const seq = emu.log.entries().at(-1)?.seq ?? 0;
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(ids.every((id) => emu.org.get(id)?.fields.HasOptedOutOfEmail === true)).toBe(true);
    // The reads fit in each kind's first composite (under 10,000 rows): no query job; the
    // writes go in an ingest job per object, both closed before either is waited for.
    expect(
      emu.log.count({ kind: ['bulk2-query-create', 'bulk2-ingest-create'] }) - bulkBefore,
    ).toBe(2);
    const ingest = emu.log
      .entries({ afterSeq: seq, kind: ['bulk2-ingest-close', 'bulk2-ingest-status'] })
      .map((e) => e.kind);
    expect(ingest.slice(0, 3)).toEqual([
      'bulk2-ingest-close',
      'bulk2-ingest-close',
      'bulk2-ingest-status',
    ]);
    expect(emu.log.subrequests({ afterSeq: seq, kind: 'collections-update' })).toEqual([]);
    expect(bothSidesEqual(new Set((await storedRows(h.db)).map((r) => r.recordId)))).toBe(true);
  });
});
