import 'fake-indexeddb/auto';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db/open';
import type { UnsubscribeRecord } from '../../src/lib/db/schema';
import { listUnsubscribes } from '../../src/lib/db/unsubscribes';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

const OTHER_ORG = '00D5g000009OTHERAA';

const record = storedUnsubscribe;

const records = [
  record({}),
  record({
    recordId: '00Q5g00000XyZwVEAV',
    object: 'Lead',
    name: 'Bob Stone',
    email: 'BOB@Example.org',
    status: 'pending',
    createdAt: Date.UTC(2026, 2, 10),
  }),
  record({
    recordId: '0015g00000QqRrSAAV',
    object: 'Account',
    name: 'Cai Wen',
    email: null,
    status: 'failed',
    createdAt: Date.UTC(2026, 2, 8),
  }),
  record({
    recordId: '0035g00000DeeeeAAA',
    name: 'Dee',
    email: 'dee@example.com',
    status: 'undone',
    createdAt: Date.UTC(2026, 2, 9, 12),
  }),
  record({
    orgId: OTHER_ORG,
    recordId: '0035g00000ZzzzzAAA',
    name: 'Elsewhere',
    createdAt: Date.UTC(2026, 2, 11),
  }),
];

async function seeded() {
  const db = await openDatabase(`list-${Math.random()}`);
  for (const r of records) await db.put('unsubscribes', encodeUnsubscribe(r));
  return db;
}

const names = (items: UnsubscribeRecord[]) => items.map((i) => i.name);

describe('listUnsubscribes', () => {
  it("lists one org's unsubscribes, newest first, with the org's total", async () => {
    const { items, total } = await listUnsubscribes(await seeded(), ORG, {
      search: '',
      state: 'all',
      limit: 10,
    });
    expect(names(items)).toEqual(['Bob Stone', 'Ana Lima', 'Dee', 'Cai Wen']);
    expect(total).toBe(4);
  });

  it('searches name, email and record Id, ignoring case and surrounding spaces', async () => {
    const db = await seeded();
    const search = async (text: string) =>
      names((await listUnsubscribes(db, ORG, { search: text, state: 'all', limit: 10 })).items);
    expect(await search('ana')).toEqual(['Ana Lima']);
    expect(await search('  bob@example.ORG ')).toEqual(['Bob Stone']);
    expect(await search('00q5g00000xyzwv')).toEqual(['Bob Stone']);
    expect(await search('example.com')).toEqual(['Ana Lima', 'Dee']);
    expect(await search('nobody')).toEqual([]);
  });

  it('filters by state (Waiting is pending, Undone only under All) and combines it with the search', async () => {
    const db = await seeded();
    const list = async (search: string, state: 'confirmed' | 'waiting' | 'failed') =>
      names((await listUnsubscribes(db, ORG, { search, state, limit: 10 })).items);
    expect(await list('', 'confirmed')).toEqual(['Ana Lima']);
    expect(await list('', 'waiting')).toEqual(['Bob Stone']);
    expect(await list('', 'failed')).toEqual(['Cai Wen']);
    expect(await list('ana', 'failed')).toEqual([]);
    expect(await list('wen', 'failed')).toEqual(['Cai Wen']);
  });

  it('stops at the limit: the newest matches of a large org, without reading it all', async () => {
    const db = await openDatabase(`large-${Math.random()}`);
    const tx = db.transaction('unsubscribes', 'readwrite');
    for (let i = 0; i < 5000; i++) {
      void tx.store.put(
        encodeUnsubscribe(
          record({
            recordId: `003xx${String(i).padStart(10, '0')}AAA`,
            name: `P${i}`,
            createdAt: i,
          }),
        ),
      );
    }
    await tx.done;
    const { items, total } = await listUnsubscribes(db, ORG, {
      search: '',
      state: 'all',
      limit: 3,
    });
    expect(names(items)).toEqual(['P4999', 'P4998', 'P4997']);
    expect(total).toBe(5000);
  });

  it('gives the newest first when the limit falls among rows of one time (a nightly page)', async () => {
    const db = await openDatabase(`list-ties-${Math.random()}`);
    const id = (i: number) => `0035g00000T${String(i).padStart(4, '0')}AAA`;
    const tied = Array.from({ length: 250 }, (_, i) => record({ recordId: id(i), createdAt: 50 }));
    const newer = [0, 1, 2].map((i) => record({ recordId: id(900 + i), createdAt: 60 + i }));
    const older = record({ recordId: id(999), createdAt: 1 });
    for (const r of [...tied, ...newer, older]) await db.put('unsubscribes', encodeUnsubscribe(r));
    const { items } = await listUnsubscribes(db, ORG, { search: '', state: 'all', limit: 200 });
    // Of the rows of one time, 197: which ones is not promised; shown by descending Id.
    const ids = items.map((i) => i.recordId);
    expect(ids.slice(0, 3)).toEqual([id(902), id(901), id(900)]);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    expect(ids.slice(3).every((i) => tied.some((r) => r.recordId === i))).toBe(true);
    expect(ids.slice(3)).toEqual([...ids.slice(3)].sort().reverse());
  });
});
