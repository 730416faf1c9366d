import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db/open';
import { putUnsubscribes } from '../../src/lib/db/unsubscribes';
import { StoredAddresses } from '../../src/lib/reconcile/stored-addresses';
import { emailKeyProperty } from '../../src/lib/same-email';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

const stored = (n: number, status: 'confirmed' | 'undone' = 'confirmed', orgId = ORG) =>
  storedUnsubscribe({
    orgId,
    recordId: `0035g0000${String(n).padStart(6, '0')}AAA`,
    status,
    email: `person${n}@example.com`,
    ...emailKeyProperty(`person${n}@example.com`),
  });

describe('StoredAddresses', () => {
  it("holds every live unsubscribe's address of the org, chunk after chunk", async () => {
    const db = await openDatabase(`addresses-${Math.random()}`);
    // More than one scan chunk (2,000), an undone one, and another org's.
    const records = Array.from({ length: 4500 }, (_, n) => stored(n));
    await putUnsubscribes(db, [...records, stored(9001, 'undone'), stored(9002, 'confirmed', 'X')]);
    const addresses = await StoredAddresses.gather(db, ORG);
    for (const r of records) expect(addresses.mayHold(r.emailKey ?? '')).toBe(true);
    // Addresses the store lacks: almost all said so (a shared hash only costs a lookup).
    const absent = Array.from({ length: 2000 }, (_, n) => `nobody${n}@example.com`);
    expect(absent.filter((key) => addresses.mayHold(key)).length).toBeLessThan(5);
    expect(addresses.mayHold('person9001@example.com')).toBe(false);
    expect(addresses.mayHold('person9002@example.com')).toBe(false);
    db.close();
  });

  it('holds what is added after it was gathered', async () => {
    const db = await openDatabase(`addresses-${Math.random()}`);
    const addresses = await StoredAddresses.gather(db, ORG);
    expect(addresses.mayHold('ana@example.com')).toBe(false);
    addresses.add('ana@example.com');
    addresses.add(undefined);
    expect(addresses.mayHold('ana@example.com')).toBe(true);
    db.close();
  });
});
