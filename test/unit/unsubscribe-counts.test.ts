import 'fake-indexeddb/auto';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { storedRows } from '../stored-rows';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/db/open';
import type { RunRecord, UnsubscribeRecord, UnsubscribeStatus } from '../../src/lib/db/schema';
import {
  countedWrites,
  NO_COUNTS,
  recountUnsubscribes,
  storedCounts,
} from '../../src/lib/db/unsubscribe-counts';
import {
  listUnsubscribes,
  putUnsubscribes,
  removeUnsubscribe,
} from '../../src/lib/db/unsubscribes';
import type { ReconcileDeps } from '../../src/lib/reconcile/deps';
import { storeReadRows } from '../../src/lib/reconcile/read-rows';
import { RunState } from '../../src/lib/reconcile/run-state';
import { recordOutcomes } from '../../src/lib/reconcile/write-outcomes';
import { defaultSettings } from '../../src/lib/settings';
import { moved, undone } from '../../src/lib/unsubscribe-record';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

const OTHER_ORG = '00D5g000009OTHERAA';

const fresh = () => openDatabase(`counts-${Math.random()}`);

/** What the counters must hold: every stored record counted by org and state, the slow way. */
async function counted(db: Database): Promise<Map<string, Record<UnsubscribeStatus, number>>> {
  const byOrg = new Map<string, Record<UnsubscribeStatus, number>>();
  for (const r of await storedRows(db)) {
    const counts = byOrg.get(r.orgId) ?? { ...NO_COUNTS };
    counts[r.status] += 1;
    byOrg.set(r.orgId, counts);
  }
  return byOrg;
}

/** The stored counters equal a count of every row (orgs without rows may keep zeros). */
async function expectExact(db: Database): Promise<void> {
  const expected = await counted(db);
  for (const { orgId, counts } of await db.getAll('unsubscribeCounts')) {
    expect(counts, orgId).toEqual(expected.get(orgId) ?? NO_COUNTS);
  }
  for (const orgId of expected.keys()) expect(await storedCounts(db, orgId)).not.toBeNull();
}

const record = (
  recordId: string,
  status: UnsubscribeStatus,
  over: Partial<UnsubscribeRecord> = {},
) => storedUnsubscribe({ recordId, status, ...over });

function runState(db: Database, sameEmail = true): RunState {
  const deps = {
    db,
    orgId: ORG,
    instanceUrl: 'https://acme.my.salesforce.com',
    settings: { ...defaultSettings(ORG), sameEmail },
    now: () => 1_000,
    // No request is made here: a connection that has heard nothing of the org yet.
    conn: { limitInfo: {} },
  } as unknown as ReconcileDeps;
  const run: RunRecord = {
    id: 'run-1',
    orgId: ORG,
    trigger: 'manual',
    startedAt: 1_000,
    endedAt: null,
    status: 'running',
    phase: 'import',
    progress: { done: 0, total: null },
    stats: {
      read: 0,
      written: 0,
      imported: 0,
      skipped: 0,
      failed: 0,
      apiCalls: 0,
      apiRemaining: null,
    },
    errors: [],
    skippedObjects: [],
    checkpoint: { kindIndex: 0, afterId: null },
    heartbeatAt: 1_000,
    fullPass: true,
    readFrom: null,
  };
  return new RunState(deps, run);
}

describe('the unsubscribe counters', () => {
  it('count what putUnsubscribes stores, by org and state, and follow each state change', async () => {
    const db = await fresh();
    await putUnsubscribes(db, [
      record('0035g00000AAAAAAAA', 'pending'),
      record('0035g00000BBBBBAAA', 'confirmed'),
      record('0035g00000CCCCCAAA', 'failed', { orgId: OTHER_ORG }),
    ]);
    expect(await storedCounts(db, ORG)).toEqual({ ...NO_COUNTS, pending: 1, confirmed: 1 });
    expect(await storedCounts(db, OTHER_ORG)).toEqual({ ...NO_COUNTS, failed: 1 });

    // The outbox confirms the pending one; a click's Undo takes back the confirmed one.
    await putUnsubscribes(db, [record('0035g00000AAAAAAAA', 'confirmed')]);
    const confirmedOne = record('0035g00000BBBBBAAA', 'confirmed');
    await putUnsubscribes(db, [undone(confirmedOne, 'Rep One', 2)], { durable: true });
    expect(await storedCounts(db, ORG)).toEqual({ ...NO_COUNTS, confirmed: 1, undone: 1 });
    // Rewriting a record in the state it had changes nothing.
    await putUnsubscribes(db, [record('0035g00000AAAAAAAA', 'confirmed', { attempts: 3 })]);
    expect(await storedCounts(db, ORG)).toEqual({ ...NO_COUNTS, confirmed: 1, undone: 1 });
    await expectExact(db);
  });

  it('count a record written twice in one batch once, in the state written last', async () => {
    const db = await fresh();
    await putUnsubscribes(db, [
      record('0035g00000AAAAAAAA', 'pending'),
      record('0035g00000AAAAAAAA', 'failed'),
    ]);
    expect(await storedCounts(db, ORG)).toEqual({ ...NO_COUNTS, failed: 1 });
    await expectExact(db);
  });

  it('lose one on Remove', async () => {
    const db = await fresh();
    await putUnsubscribes(db, [
      record('0035g00000AAAAAAAA', 'confirmed'),
      record('0035g00000BBBBBAAA', 'failed'),
    ]);
    await removeUnsubscribe(db, ORG, '0035g00000BBBBBAAA');
    // Removing what is no longer stored changes nothing.
    await removeUnsubscribe(db, ORG, '0035g00000BBBBBAAA');
    expect(await storedCounts(db, ORG)).toEqual({ ...NO_COUNTS, confirmed: 1 });
    await expectExact(db);
  });

  it('follow a move: the old record failed, the target waiting', async () => {
    const db = await fresh();
    const lead = record('00Q5g00000XyZwVEAV', 'failed', { object: 'Lead' });
    await putUnsubscribes(db, [lead]);
    const move = moved(
      lead,
      { recordId: '0035g00000MOVEDAAA', object: 'Contact', reason: 'converted' },
      undefined,
      5,
    );
    await putUnsubscribes(db, [move.from, move.to]);
    expect(await storedCounts(db, ORG)).toEqual({ ...NO_COUNTS, failed: 1, pending: 1 });
    await expectExact(db);
  });

  it("follow the nightly run's imports, updates and same-email records (storeReadRows)", async () => {
    const db = await fresh();
    await putUnsubscribes(db, [
      record('0035g00000AAAAAAAA', 'pending', {
        email: 'ana@example.com',
        emailKey: 'ana@example.com',
      }),
    ]);
    const state = runState(db);
    await storeReadRows(
      state,
      'Contact',
      ['HasOptedOutOfEmail'],
      [
        // The waiting click, now set in Salesforce: confirmed.
        {
          Id: '0035g00000AAAAAAAA',
          Name: 'Ana',
          Email: 'ana@example.com',
          HasOptedOutOfEmail: true,
        },
        // New opt-outs: imported.
        {
          Id: '0035g00000IMP01AAA',
          Name: 'One',
          Email: 'one@example.com',
          HasOptedOutOfEmail: true,
        },
        { Id: '0035g00000IMP02AAA', Name: 'Two', Email: null, HasOptedOutOfEmail: true },
        // Not opted out, same address as a stored one: becomes a waiting unsubscribe.
        {
          Id: '0035g00000TWINAAAA',
          Name: 'Ana',
          Email: 'ANA@example.com',
          HasOptedOutOfEmail: false,
        },
        // Nothing to do.
        {
          Id: '0035g00000NONEAAAA',
          Name: 'No',
          Email: 'no@example.com',
          HasOptedOutOfEmail: false,
        },
      ],
    );
    await expectExact(db);
    const counts = await storedCounts(db, ORG);
    expect(counts?.pending).toBe(1);
    expect(counts && counts.confirmed + counts.pending).toBe(4);
  });

  it('take the state before from getMany: found records and absent ones alike', async () => {
    const db = await fresh();
    await putUnsubscribes(db, [
      record('0035g00000AAAAAAAA', 'pending'),
      record('0035g00000CCCCCAAA', 'confirmed'),
      // Between the Ids asked for, not asked for: not returned.
      record('0035g00000BBBBBAAA', 'failed'),
      { ...record('0035g00000AAAAAAAA', 'pending'), orgId: OTHER_ORG },
    ]);
    const found = await countedWrites(db, async (writes) => {
      const ids = ['0035g00000CCCCCAAA', '0035g00000NEW01AAA', '0035g00000AAAAAAAA'];
      const many = await writes.getMany(ORG, ids);
      // Written in other states: the counters move from the state each read found.
      await writes.put(record('0035g00000AAAAAAAA', 'confirmed'));
      await writes.put(record('0035g00000NEW01AAA', 'pending'));
      await writes.delete(ORG, '0035g00000CCCCCAAA');
      return many;
    });
    expect([...found.keys()].sort()).toEqual(['0035g00000AAAAAAAA', '0035g00000CCCCCAAA']);
    expect(found.get('0035g00000CCCCCAAA')?.status).toBe('confirmed');
    expect(await storedCounts(db, ORG)).toEqual({
      ...NO_COUNTS,
      confirmed: 1,
      pending: 1,
      failed: 1,
    });
    await expectExact(db);
    expect(await countedWrites(db, (writes) => writes.getMany(ORG, []))).toEqual(new Map());
  });

  it("follow the nightly export's outcomes (recordOutcomes)", async () => {
    const db = await fresh();
    const sent = record('0035g00000AAAAAAAA', 'pending');
    const refused = record('0035g00000BBBBBAAA', 'pending');
    await putUnsubscribes(db, [sent, refused]);
    const state = runState(db);
    await recordOutcomes(
      state,
      [
        { item: { record: sent, missing: ['HasOptedOutOfEmail'] }, failure: null },
        {
          item: { record: refused, missing: ['HasOptedOutOfEmail'] },
          failure: { ok: false, code: 'validation', detail: 'no' },
        },
      ],
      new Map([['Contact', ['HasOptedOutOfEmail']]]),
    );
    expect(await storedCounts(db, ORG)).toEqual({ ...NO_COUNTS, confirmed: 1, failed: 1 });
    await expectExact(db);
  });

  it('keep nothing of a writer that throws: records and counters stay as they were', async () => {
    const db = await fresh();
    await putUnsubscribes(db, [record('0035g00000AAAAAAAA', 'pending')]);
    await expect(
      countedWrites(db, async (writes) => {
        await writes.put(record('0035g00000BBBBBAAA', 'confirmed'));
        throw new Error('stopped');
      }),
    ).rejects.toThrow('stopped');
    expect(await db.count('unsubscribes')).toBe(1);
    expect(await storedCounts(db, ORG)).toEqual({ ...NO_COUNTS, pending: 1 });
  });

  it('are repaired when a writer lets its transaction end before the counters', async () => {
    const db = await fresh();
    await expect(
      countedWrites(db, async (writes) => {
        await writes.put(record('0035g00000AAAAAAAA', 'pending'));
        // A mistake: waiting for something else lets IndexedDB commit the record alone.
        await new Promise((resolve) => setTimeout(resolve, 20));
        await writes.put(record('0035g00000BBBBBAAA', 'pending'));
      }),
    ).rejects.toThrow();
    await expectExact(db);
  });

  it('are recounted when a reader sees them out of step, and give the list its total', async () => {
    const db = await fresh();
    await putUnsubscribes(db, [record('0035g00000AAAAAAAA', 'confirmed')]);
    // Writes past countedWrites, as an older test seeding would do.
    await db.put('unsubscribes', encodeUnsubscribe(record('0035g00000BBBBBAAA', 'failed')));
    await db.put(
      'unsubscribes',
      encodeUnsubscribe(record('0035g00000CCCCCAAA', 'pending', { orgId: OTHER_ORG })),
    );
    await db.delete('unsubscribes', [ORG, '0035g00000AAAAAAAA']);
    const query = { search: '', state: 'all', limit: 200 } as const;
    // The first page ends with one row, the counters say one confirmed: repaired on that read.
    expect((await listUnsubscribes(db, ORG, query)).total).toBe(1);
    await expectExact(db);
    // A counter below zero is out of step too.
    await db.put('unsubscribeCounts', { orgId: ORG, counts: { ...NO_COUNTS, failed: -1 } });
    expect((await listUnsubscribes(db, ORG, { ...query, state: 'failed' })).total).toBe(1);
    await expectExact(db);
  });

  it('give a state filter its matches without reading past the last one', async () => {
    const db = await fresh();
    const many = Array.from({ length: 300 }, (_, i) =>
      record(`0035g00000N${String(i).padStart(4, '0')}AAA`, 'confirmed', { createdAt: 1_000 + i }),
    );
    await putUnsubscribes(db, [record('0035g00000OLDESTAAA', 'failed', { createdAt: 1 }), ...many]);
    const listed = await listUnsubscribes(db, ORG, { search: '', state: 'failed', limit: 200 });
    expect(listed.items.map((i) => i.recordId)).toEqual(['0035g00000OLDESTAAA']);
    expect(listed.total).toBe(301);
    const all = await listUnsubscribes(db, ORG, { search: '', state: 'all', limit: 200 });
    expect(all.items).toHaveLength(200);
    expect(all.total).toBe(301);
  });

  it('recount every org in one pass (recountUnsubscribes)', async () => {
    const db = await fresh();
    await db.put('unsubscribes', encodeUnsubscribe(record('0035g00000AAAAAAAA', 'failed')));
    await db.put('unsubscribes', encodeUnsubscribe(record('0035g00000BBBBBAAA', 'undone')));
    await db.put(
      'unsubscribes',
      encodeUnsubscribe(record('0035g00000CCCCCAAA', 'pending', { orgId: OTHER_ORG })),
    );
    await db.put('unsubscribeCounts', {
      orgId: '00D5g000009GONEEAA',
      counts: { ...NO_COUNTS, pending: 4 },
    });
    await recountUnsubscribes(db);
    expect(await db.getAll('unsubscribeCounts')).toEqual([
      { orgId: ORG, counts: { ...NO_COUNTS, failed: 1, undone: 1 } },
      { orgId: OTHER_ORG, counts: { ...NO_COUNTS, pending: 1 } },
    ]);
  });
});
