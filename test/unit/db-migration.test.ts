import 'fake-indexeddb/auto';
import { serialize } from 'node:v8';
import type { IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/db/open';
import { DB_VERSION, type UnsubscribeRecord } from '../../src/lib/db/schema';
import { getSettings } from '../../src/lib/db/org-cache';
import {
  getUnsubscribe,
  listUnsubscribes,
  pendingUnsubscribes,
  personUnsubscribes,
  unsubscribesAfter,
} from '../../src/lib/db/unsubscribes';
import { recountUnsubscribes, storedCounts } from '../../src/lib/db/unsubscribe-counts';
import { importedUnsubscribe, sameEmailUnsubscribe } from '../../src/lib/reconcile/diff';
import { undone } from '../../src/lib/unsubscribe-record';
import { defaultSettings } from '../../src/lib/settings';

const ORG = '00Dxx0000001gPLEAY';
const OTHER = '00Dxx0000002gPLEAY';

const unsubscribe: UnsubscribeRecord = {
  orgId: ORG,
  recordId: '003xx000004TmiQAAS',
  object: 'Contact',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  instanceUrl: 'https://acme.my.salesforce.com',
  status: 'failed',
  fields: ['HasOptedOutOfEmail'],
  setByClick: ['HasOptedOutOfEmail'],
  source: 'click',
  createdAt: 1,
  createdBy: 'rep@acme.com',
  pageUrl: null,
  attempts: 1,
  outcomeUnknown: false,
  nextAttemptAt: null,
  lastError: { ok: false, code: 'validation', detail: 'no' },
  confirmedAt: null,
  history: [{ at: 1, who: 'rep@acme.com', action: 'unsubscribed' }],
};
/** What version 5 makes of it: the same record, with its address key for the `orgEmail` index. */
const upgraded: UnsubscribeRecord = { ...unsubscribe, emailKey: 'ada@example.com' };

/** Writes a row as versions before 7 stored it: the whole record, under its own names. */
const putLegacy = (db: Database, record: UnsubscribeRecord) =>
  (db as unknown as IDBPDatabase).put('unsubscribes', record);

describe('the IndexedDB schema', () => {
  it('opens a database written by version 1 with every setting and unsubscribe intact, at the current version', async () => {
    const name = `migration-${Math.random()}`;
    const settings = {
      ...defaultSettings(ORG),
      nightlySync: true,
      fieldChoice: { kind: 'other', field: 'Do_Not_Call_Sales__c' } as const,
      perObject: { Lead: { kind: 'both' } as const },
      marketoApiName: { Contact: 'ToutApp__Opt_Out__c' },
    };
    const v1 = await openDatabase(name, 1);
    await v1.put('settings', settings);
    await putLegacy(v1, unsubscribe);
    await v1.put('orgs', {
      orgId: ORG,
      instanceUrl: unsubscribe.instanceUrl,
      userId: null,
      userName: 'rep',
      lastSeenAt: 5,
    });
    v1.close();

    const current = await openDatabase(name);
    expect(current.version).toBe(DB_VERSION);
    expect(await getSettings(current, ORG)).toEqual(settings);
    expect(await getUnsubscribe(current, ORG, unsubscribe.recordId)).toEqual(upgraded);
    expect((await current.get('orgs', ORG))?.userName).toBe('rep');
    expect(await current.getAll('connections')).toEqual([]);
    // Version 4's and version 5's indexes cover what version 1 stored.
    expect(
      await current.getAllKeysFromIndex('unsubscribes', 'orgEmail', [ORG, 'ada@example.com']),
    ).toEqual([[ORG, unsubscribe.recordId]]);
    expect(await current.get('unsubscribeCounts', ORG)).toEqual({
      orgId: ORG,
      counts: { pending: 0, confirmed: 0, failed: 1, undone: 0 },
    });
    const listed = await listUnsubscribes(current, ORG, { search: '', state: 'all', limit: 5 });
    expect(listed).toEqual({ items: [upgraded], total: 1 });
    current.close();
  });

  // Every step of UPGRADES from each earlier version: what a browser on any past release holds.
  for (let from = 2; from < DB_VERSION; from++) {
    it(`opens a database written by version ${from} with everything it held`, async () => {
      const name = `migration-v${from}-${Math.random()}`;
      const old = await openDatabase(name, from);
      // From version 5 on, what the extension stores has its address key already.
      await putLegacy(old, from >= 5 ? upgraded : unsubscribe);
      // A second org's, and a second of this org's: version 6 counts each org by state.
      const base = from >= 5 ? upgraded : unsubscribe;
      await putLegacy(old, { ...base, orgId: OTHER, status: 'confirmed' });
      await putLegacy(old, {
        ...base,
        recordId: '003xx000004TmiRAAS',
        status: 'undone',
        createdAt: 0,
      });
      await old.put('settings', { ...defaultSettings(ORG), nightlySync: true });
      await old.put('connections', {
        orgId: ORG,
        instanceUrl: unsubscribe.instanceUrl,
        loginUrl: 'https://login.salesforce.com',
        clientId: 'client',
        refreshToken: 'refresh',
        accessToken: 'access',
        userId: null,
        userName: 'rep',
        connectedAt: 3,
      });
      // From version 6 on, the counters are kept by every write of the extension.
      if (from >= 6) await recountUnsubscribes(old);
      old.close();

      const current = await openDatabase(name);
      expect(current.version).toBe(DB_VERSION);
      expect(await getUnsubscribe(current, ORG, unsubscribe.recordId)).toEqual(upgraded);
      expect((await getSettings(current, ORG)).nightlySync).toBe(true);
      expect((await current.get('connections', ORG))?.refreshToken).toBe('refresh');
      expect(await current.getAll('unsubscribeCounts')).toEqual([
        { orgId: ORG, counts: { pending: 0, confirmed: 0, failed: 1, undone: 1 } },
        { orgId: OTHER, counts: { pending: 0, confirmed: 1, failed: 0, undone: 0 } },
      ]);
      const listed = await listUnsubscribes(current, ORG, {
        search: '',
        state: 'failed',
        limit: 5,
      });
      expect(listed).toEqual({ items: [upgraded], total: 2 });
      current.close();
    });
  }

  it('moves version 6’s unsubscribes to compact rows: imports nobody touched small, the rest whole, every index and counter as it was', async () => {
    const name = `migration-v7-${Math.random()}`;
    const v6 = await openDatabase(name, 6);
    const at = Date.UTC(2026, 5, 1, 3, 0, 0, 0);
    const run = `${ORG}:${at - 60_000}`;
    // More imports than one batch of the move, as a nightly run leaves them.
    const imports = Array.from({ length: 4_321 }, (_, i) =>
      importedUnsubscribe(
        {
          orgId: ORG,
          instanceUrl: 'https://acme.my.salesforce.com',
          recordId: `003xx${String(i).padStart(10, '0')}AAA`,
          object: 'Contact',
          name: `Imported Person ${i}`,
          email: i % 2 === 0 ? `person${i}@example.com` : `Person${i}@Example.com`,
          setFields: ['HasOptedOutOfEmail'],
        },
        [],
        run,
        at + Math.floor(i / 2_000) * 1_000,
      ),
    );
    const [first, second] = imports as [UnsubscribeRecord, UnsubscribeRecord];
    const touched = [
      undone(first, 'rep@acme.com', at + 5_000),
      sameEmailUnsubscribe(
        {
          orgId: ORG,
          instanceUrl: 'https://acme.my.salesforce.com',
          recordId: '00Qxx0000000001AAA',
          object: 'Lead',
          name: 'Lead Twin',
          email: second.email,
          setFields: [],
        },
        ['HasOptedOutOfEmail'],
        { recordId: second.recordId, object: 'Contact', name: second.name },
        [],
        run,
        at,
      ),
      upgraded,
    ];
    const before = [...touched, ...imports.slice(1)];
    const tx = v6.transaction('unsubscribes', 'readwrite');
    const legacy = tx.objectStore('unsubscribes') as unknown as {
      put(r: UnsubscribeRecord): unknown;
    };
    for (const r of before) void legacy.put(r);
    await tx.done;
    await recountUnsubscribes(v6);
    const counts = await storedCounts(v6, ORG);
    expect(counts).toEqual({ pending: 1, confirmed: 4_320, failed: 1, undone: 1 });
    v6.close();

    const current = await openDatabase(name);
    expect(current.version).toBe(DB_VERSION);
    // Every record reads back as it was, and the counters are unchanged.
    const all = await unsubscribesAfter(current, ORG, null, 10_000);
    expect(all).toHaveLength(before.length);
    expect(new Map(all.map((r) => [r.recordId, r]))).toEqual(
      new Map(before.map((r) => [r.recordId, r])),
    );
    expect(await storedCounts(current, ORG)).toEqual(counts);
    // Imports nobody touched are stored compact; the touched ones whole.
    const rows = await current.getAll('unsubscribes');
    const compact = rows.filter((row) => !('w' in row));
    expect(compact).toHaveLength(4_320);
    expect(Math.max(...compact.map((row) => serialize(row).length))).toBeLessThanOrEqual(150);
    for (const r of touched) {
      expect('w' in ((await current.get('unsubscribes', [r.orgId, r.recordId])) ?? {})).toBe(true);
    }
    // The indexes answer as before: the outbox's queue, a person's records, the newest first,
    // and a recount gives the same counters.
    expect((await pendingUnsubscribes(current)).map((r) => r.recordId)).toEqual([
      '00Qxx0000000001AAA',
    ]);
    expect(
      (await personUnsubscribes(current, ORG, second.recordId)).map((r) => r.recordId),
    ).toEqual([second.recordId, '00Qxx0000000001AAA']);
    const newest = await listUnsubscribes(current, ORG, { search: '', state: 'all', limit: 3 });
    expect(newest.total).toBe(before.length);
    expect(newest.items.map((r) => r.createdAt)).toEqual(Array(3).fill(imports.at(-1)?.createdAt));
    await recountUnsubscribes(current);
    expect(await storedCounts(current, ORG)).toEqual(counts);
    expect(await getUnsubscribe(current, ORG, unsubscribe.recordId)).toEqual(upgraded);
    current.close();
  });

  it('reads settings stored before the same-email setting existed as on, its default', async () => {
    const name = `same-email-${Math.random()}`;
    const db = await openDatabase(name, 1);
    // What every release before the setting stored: no `sameEmail` at all.
    const older = {
      orgId: ORG,
      nightlySync: true,
      fieldChoice: { kind: 'marketo' } as const,
      perObject: {},
      marketoApiName: {},
    };
    await db.put('settings', older);
    db.close();

    const current = await openDatabase(name);
    expect(await current.get('settings', ORG)).not.toHaveProperty('sameEmail');
    // …and no `apiFloorPercent` either (issue 12): it reads as its default, 10 %.
    expect(await getSettings(current, ORG)).toEqual({
      ...older,
      sameEmail: true,
      apiFloorPercent: 10,
    });
    // A choice stored by this version is kept as it is.
    await current.put('settings', { ...older, sameEmail: false });
    expect((await getSettings(current, ORG)).sameEmail).toBe(false);
    current.close();
  });

  it('gives an org without stored settings the source product’s defaults', async () => {
    const db = await openDatabase(`fresh-${Math.random()}`);
    expect(await getSettings(db, ORG)).toEqual(defaultSettings(ORG));
    db.close();
  });
});
