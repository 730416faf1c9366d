import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db/open';
import { DB_VERSION, type UnsubscribeRecord } from '../../src/lib/db/schema';
import { getSettings } from '../../src/lib/db/org-cache';
import { listUnsubscribes } from '../../src/lib/db/unsubscribes';
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
    await v1.put('unsubscribes', unsubscribe);
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
    expect(await current.get('unsubscribes', [ORG, unsubscribe.recordId])).toEqual(upgraded);
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
      await old.put('unsubscribes', from >= 5 ? upgraded : unsubscribe);
      // A second org's, and a second of this org's: version 6 counts each org by state.
      const base = from >= 5 ? upgraded : unsubscribe;
      await old.put('unsubscribes', { ...base, orgId: OTHER, status: 'confirmed' });
      await old.put('unsubscribes', {
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
      old.close();

      const current = await openDatabase(name);
      expect(current.version).toBe(DB_VERSION);
      expect(await current.get('unsubscribes', [ORG, unsubscribe.recordId])).toEqual(upgraded);
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
