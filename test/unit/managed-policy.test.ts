import { describe, expect, it } from 'vitest';
import { applyPolicy, parseManagedPolicy } from '../../src/lib/managed-policy';
import { defaultSettings, parseSettings } from '../../src/lib/settings';

const ORG = '00Dxx0000001gPLEAY';

describe('the managed-storage policy', () => {
  it('reads the values an administrator may set, and drops malformed ones', () => {
    expect(
      parseManagedPolicy({
        nightlySync: true,
        fieldChoice: 'other:Do_Not_Call_Sales__c',
        perObject: { Lead: 'marketo', Opportunity: 'both', Contact: 'nonsense' },
        marketoApiName: { Contact: 'ToutApp__Opt_Out__c', Lead: 'bad name' },
        sameEmail: false,
        clientId: ' key ',
        loginUrl: '',
        bulkThreshold: 5000,
        apiFloorPercent: 20,
        extra: 1,
      }),
    ).toEqual({
      nightlySync: true,
      fieldChoice: { kind: 'other', field: 'Do_Not_Call_Sales__c' },
      perObject: { Lead: { kind: 'marketo' } },
      marketoApiName: { Contact: 'ToutApp__Opt_Out__c' },
      sameEmail: false,
      clientId: 'key',
      bulkThreshold: 5000,
      apiFloorPercent: 20,
    });
    expect(
      parseManagedPolicy({
        nightlySync: 'yes',
        fieldChoice: 'other:',
        bulkThreshold: 10,
        sameEmail: 'false',
        apiFloorPercent: 95,
      }),
    ).toEqual({});
    for (const bad of [-1, 12.5, '10', null]) {
      expect(parseManagedPolicy({ apiFloorPercent: bad })).toEqual({});
    }
    expect(parseManagedPolicy({ apiFloorPercent: 0 })).toEqual({ apiFloorPercent: 0 });
  });

  it('overrides and locks exactly what it sets', () => {
    const stored = { ...defaultSettings(ORG), marketoApiName: { Lead: 'X__c' } };
    expect(applyPolicy(stored, {})).toEqual({ settings: stored, locked: [] });
    const { settings, locked } = applyPolicy(stored, {
      nightlySync: true,
      fieldChoice: { kind: 'both' },
    });
    expect(settings).toEqual({ ...stored, nightlySync: true, fieldChoice: { kind: 'both' } });
    expect(locked).toEqual(['nightlySync', 'fieldChoice']);
  });

  it('turns the same-email setting off, or on, and locks it', () => {
    const stored = defaultSettings(ORG);
    expect(stored.sameEmail).toBe(true);
    expect(applyPolicy(stored, { sameEmail: false })).toEqual({
      settings: { ...stored, sameEmail: false },
      locked: ['sameEmail'],
    });
    expect(applyPolicy({ ...stored, sameEmail: false }, { sameEmail: true })).toEqual({
      settings: stored,
      locked: ['sameEmail'],
    });
  });

  it('sets the API budget and locks it', () => {
    const stored = defaultSettings(ORG);
    expect(stored.apiFloorPercent).toBe(10);
    expect(applyPolicy({ ...stored, apiFloorPercent: 30 }, { apiFloorPercent: 5 })).toEqual({
      settings: { ...stored, apiFloorPercent: 5 },
      locked: ['apiFloorPercent'],
    });
  });
});

describe('settings from the options page', () => {
  it('are checked field by field', () => {
    const good = {
      ...defaultSettings(ORG),
      perObject: { PersonAccount: { kind: 'other', field: 'Opt__pc' } },
    };
    expect(parseSettings(good)).toEqual(good);
    expect(parseSettings({ ...good, orgId: '003xx000004TmiQAAS' })).toBeNull();
    expect(parseSettings({ ...good, nightlySync: 'true' })).toBeNull();
    expect(parseSettings({ ...good, sameEmail: false })).toEqual({ ...good, sameEmail: false });
    expect(parseSettings({ ...good, sameEmail: 'false' })).toBeNull();
    // The API budget: a whole percent from 0 to 90; a sender that predates it gets 10.
    expect(parseSettings({ ...good, apiFloorPercent: 0 })).toEqual({ ...good, apiFloorPercent: 0 });
    for (const bad of [91, -1, 2.5, '10']) {
      expect(parseSettings({ ...good, apiFloorPercent: bad })).toBeNull();
    }
    const withoutFloor = Object.entries(good).filter(([key]) => key !== 'apiFloorPercent');
    expect(parseSettings(Object.fromEntries(withoutFloor))).toEqual(good);
    const withoutSameEmail = Object.entries(good).filter(([key]) => key !== 'sameEmail');
    expect(parseSettings(Object.fromEntries(withoutSameEmail))).toBeNull();
    expect(
      parseSettings({ ...good, fieldChoice: { kind: 'other', field: "x' OR 1=1" } }),
    ).toBeNull();
    expect(parseSettings({ ...good, perObject: { Opportunity: { kind: 'both' } } })).toBeNull();
    expect(parseSettings({ ...good, marketoApiName: { Lead: 'has space' } })).toBeNull();
  });
});
