import { describe, expect, it } from 'vitest';
import {
  isValidSettings,
  withChoice,
  withLockedKept,
  withMarketoApiName,
} from '../../src/lib/settings-edit';
import { choiceFor, defaultSettings } from '../../src/lib/settings';

const base = defaultSettings('00D5g000004EXAMPLE');

describe('the options page edits of settings', () => {
  it('sets the choice for every object', () => {
    const next = withChoice(base, 'all', { kind: 'both' });
    expect(next.fieldChoice).toEqual({ kind: 'both' });
    expect(choiceFor(next, 'Lead')).toEqual({ kind: 'both' });
    expect(base.fieldChoice).toEqual({ kind: 'email-opt-out' });
  });

  it('sets and drops one object as an exception', () => {
    const lead = withChoice(base, 'Lead', { kind: 'marketo' });
    expect(choiceFor(lead, 'Lead')).toEqual({ kind: 'marketo' });
    expect(choiceFor(lead, 'Contact')).toEqual({ kind: 'email-opt-out' });
    const back = withChoice(lead, 'Lead', null);
    expect(back.perObject).toEqual({});
    expect(choiceFor(back, 'Lead')).toEqual({ kind: 'email-opt-out' });
  });

  it('sets a Marketo API-name override, trimmed, and removes it when emptied', () => {
    const named = withMarketoApiName(base, 'Contact', '  ToutApp__Opt_Out__c ');
    expect(named.marketoApiName).toEqual({ Contact: 'ToutApp__Opt_Out__c' });
    expect(isValidSettings(named)).toBe(true);
    expect(withMarketoApiName(named, 'Contact', '   ').marketoApiName).toEqual({});
  });

  it('tells settings the background would refuse', () => {
    expect(isValidSettings(base)).toBe(true);
    expect(isValidSettings(withMarketoApiName(base, 'Lead', 'not an api name'))).toBe(false);
    expect(isValidSettings(withChoice(base, 'all', { kind: 'other', field: '1bad' }))).toBe(false);
  });
});

describe('a save under an administrator policy', () => {
  it('keeps the stored value of each locked setting and takes the others from the page', () => {
    const stored = { ...base, nightlySync: true, marketoApiName: { Lead: 'mkto_si__Opt_Out__c' } };
    const wanted = withMarketoApiName(
      withChoice({ ...base, nightlySync: false }, 'Lead', { kind: 'marketo' }),
      'Contact',
      'ToutApp__Opt_Out__c',
    );
    expect(withLockedKept(stored, wanted, [])).toEqual(wanted);
    expect(withLockedKept(stored, wanted, ['nightlySync', 'marketoApiName'])).toEqual({
      ...wanted,
      nightlySync: true,
      marketoApiName: { Lead: 'mkto_si__Opt_Out__c' },
    });
  });

  it('keeps a locked same-email setting, and takes an unlocked one from the page', () => {
    const wanted = { ...base, sameEmail: false };
    expect(withLockedKept(base, wanted, [])).toEqual(wanted);
    expect(withLockedKept(base, wanted, ['sameEmail'])).toEqual(base);
  });

  it('keeps a locked API budget, and takes an unlocked one from the page', () => {
    const wanted = { ...base, apiFloorPercent: 25 };
    expect(withLockedKept(base, wanted, [])).toEqual(wanted);
    expect(withLockedKept(base, wanted, ['apiFloorPercent'])).toEqual(base);
  });
});
