import 'fake-indexeddb/auto';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { getUnsubscribe } from '../../src/lib/db/unsubscribes';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db/open';
import { removeUnsubscribe } from '../../src/lib/db/unsubscribes';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

const ID = '0035g00000AbCdEAAV';

const stored = storedUnsubscribe({ recordId: ID, createdAt: Date.UTC(2026, 2, 9) });

describe('removeUnsubscribe', () => {
  it("deletes the unsubscribe and has the org's next nightly run read the record again (R6)", async () => {
    const db = await openDatabase(`remove-${Math.random()}`);
    await db.put('unsubscribes', encodeUnsubscribe(stored));
    await db.put('syncState', {
      orgId: ORG,
      watermark: '2026-03-09T00:00:00.000Z',
      fieldsSignature: 'HasOptedOutOfEmail',
      recheckIds: ['0035g00000ZzzzzAAA'],
    });
    await removeUnsubscribe(db, ORG, ID);
    expect(await getUnsubscribe(db, ORG, ID)).toBeUndefined();
    expect((await db.get('syncState', ORG))?.recheckIds).toEqual(['0035g00000ZzzzzAAA', ID]);
  });

  it('leaves the sync state alone for an org the nightly run has not met yet', async () => {
    const db = await openDatabase(`remove-${Math.random()}`);
    await db.put('unsubscribes', encodeUnsubscribe(stored));
    await removeUnsubscribe(db, ORG, ID);
    expect(await db.count('unsubscribes')).toBe(0);
    expect(await db.get('syncState', ORG)).toBeUndefined();
  });
});
