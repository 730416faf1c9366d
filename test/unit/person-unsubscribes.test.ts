import 'fake-indexeddb/auto';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db/open';
import { personUnsubscribes } from '../../src/lib/db/unsubscribes';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

const OTHER_ORG = '00D5g000009OTHERAA';
const CONTACT = '0035g00000AbCdEAAV';
const LEAD = '00Q5g00000XyZwVEAV';
const ACCOUNT = '0015g00000QqRrSAAV';
const UNDONE = '0035g00000DeeeeAAA';
const STRANGER = '0035g00000FfffFAAA';

const ada = (over: Parameters<typeof storedUnsubscribe>[0]) =>
  storedUnsubscribe({ email: 'ada@example.com', emailKey: 'ada@example.com', ...over });

async function seeded() {
  const db = await openDatabase(`person-${Math.random()}`);
  for (const record of [
    ada({ recordId: CONTACT }),
    ada({ recordId: LEAD, object: 'Lead', email: ' ADA@Example.com', status: 'pending' }),
    ada({ recordId: ACCOUNT, object: 'Account', status: 'failed' }),
    ada({ recordId: UNDONE, status: 'undone' }),
    ada({ orgId: OTHER_ORG, recordId: CONTACT }),
    storedUnsubscribe({
      recordId: STRANGER,
      email: 'bob@example.com',
      emailKey: 'bob@example.com',
    }),
  ]) {
    await db.put('unsubscribes', encodeUnsubscribe(record));
  }
  return db;
}

const ids = (records: readonly { recordId: string }[]) => records.map((r) => r.recordId);

describe('personUnsubscribes', () => {
  it('gives the record first, then every live unsubscribe of its org with the same address', async () => {
    const db = await seeded();
    const person = await personUnsubscribes(db, ORG, LEAD);
    expect(ids(person)[0]).toBe(LEAD);
    expect(ids(person).sort()).toEqual([ACCOUNT, CONTACT, LEAD].sort());
  });

  it('leaves out undone ones, other orgs and other addresses, but keeps the asked one if undone', async () => {
    const db = await seeded();
    const fromUndone = ids(await personUnsubscribes(db, ORG, UNDONE));
    expect(fromUndone[0]).toBe(UNDONE);
    expect(fromUndone.sort()).toEqual([ACCOUNT, CONTACT, LEAD, UNDONE].sort());
    expect(ids(await personUnsubscribes(db, ORG, CONTACT))).not.toContain(UNDONE);
    expect(ids(await personUnsubscribes(db, OTHER_ORG, CONTACT))).toEqual([CONTACT]);
    expect(ids(await personUnsubscribes(db, ORG, STRANGER))).toEqual([STRANGER]);
  });

  it('is the record alone for a blank address, and nothing for an Id not stored', async () => {
    const db = await seeded();
    const blank = '0035g00000GgggGAAA';
    await db.put(
      'unsubscribes',
      encodeUnsubscribe(storedUnsubscribe({ recordId: blank, email: null })),
    );
    expect(ids(await personUnsubscribes(db, ORG, blank))).toEqual([blank]);
    expect(await personUnsubscribes(db, ORG, '0035g00000HhhhHAAA')).toEqual([]);
  });

  it('finds them by the address key the index holds, without reading every record', async () => {
    const db = await seeded();
    // Same address, but no key: the index does not hold it, so a lookup by index misses it
    // where a scan of every record's email would not.
    const unkeyed = '0035g00000JjjjJAAA';
    await db.put(
      'unsubscribes',
      encodeUnsubscribe(storedUnsubscribe({ recordId: unkeyed, email: 'ada@example.com' })),
    );
    expect(ids(await personUnsubscribes(db, ORG, CONTACT))).not.toContain(unkeyed);
  });
});
