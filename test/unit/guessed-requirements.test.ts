import { describe, expect, it } from 'vitest';
import type { PersonKind } from '../../src/lib/person-kinds';
import {
  guessedRequirements,
  requirementsOf,
  sameReads,
} from '../../src/lib/reconcile/requirements';
import type { DescribedField, ObjectDescribe } from '../../src/lib/salesforce/describe';
import { defaultSettings } from '../../src/lib/settings';

/** The requirements a new run reads by while its describes ride in its first composite. */

const checkbox = (name: string, updateable = true): DescribedField => ({
  name,
  label: name,
  type: 'boolean',
  updateable,
});

const CONTACT: ObjectDescribe = {
  name: 'Contact',
  fields: [checkbox('IsPersonAccount', false), checkbox('HasOptedOutOfEmail')],
};
const LEAD: ObjectDescribe = { name: 'Lead', fields: [checkbox('HasOptedOutOfEmail')] };
const ACCOUNT: ObjectDescribe = {
  name: 'Account',
  fields: [checkbox('IsPersonAccount', false), checkbox('PersonHasOptedOutOfEmail')],
};
const settings = defaultSettings('00D000000000001');
const stored = (entries: [PersonKind, ObjectDescribe][]) => new Map(entries);

describe('the requirements guessed from the stored describes', () => {
  it('assumes the standard Email Opt Out field on every kind never described', () => {
    const guess = guessedRequirements(settings, stored([]));
    expect(guess?.orgKinds).toEqual(['Contact', 'Lead', 'PersonAccount']);
    expect([...(guess?.plans ?? [])]).toEqual([
      ['Contact', ['HasOptedOutOfEmail']],
      ['Lead', ['HasOptedOutOfEmail']],
      ['PersonAccount', ['PersonHasOptedOutOfEmail']],
    ]);
    // Right for an org whose describes say so: its batches count.
    const all = stored([
      ['Contact', CONTACT],
      ['Lead', LEAD],
      ['PersonAccount', ACCOUNT],
    ]);
    expect(guess && sameReads(guess, requirementsOf(settings, all))).toBe(true);
  });

  it('goes by a stored describe however old, and skips the kind it says is read-only', () => {
    const readOnly = { ...LEAD, fields: [checkbox('HasOptedOutOfEmail', false)] };
    const guess = guessedRequirements(settings, stored([['Lead', readOnly]]));
    expect([...(guess?.plans.keys() ?? [])]).toEqual(['Contact', 'PersonAccount']);
    expect(guess?.skippedObjects).toEqual([
      { kind: 'Lead', reason: expect.stringContaining('read-only') },
    ]);
  });

  it('is wrong, and says so, for an org without Person Accounts', () => {
    const guess = guessedRequirements(settings, stored([]));
    const noPersons = stored([
      ['Contact', { ...CONTACT, fields: [checkbox('HasOptedOutOfEmail')] }],
      ['Lead', LEAD],
      ['PersonAccount', { ...ACCOUNT, fields: [checkbox('PersonHasOptedOutOfEmail')] }],
    ]);
    const actual = requirementsOf(settings, noPersons);
    expect(actual.orgKinds).toEqual(['Contact', 'Lead']);
    expect(guess && sameReads(guess, actual)).toBe(false);
  });

  it('makes no guess where a field is found by its label, or when no kind would be read', () => {
    expect(guessedRequirements({ ...settings, fieldChoice: { kind: 'marketo' } }, stored([]))).toBe(
      null,
    );
    const readOnly = (d: ObjectDescribe): ObjectDescribe => ({
      ...d,
      fields: d.fields.map((f) => ({ ...f, updateable: false })),
    });
    const none = stored([
      ['Contact', readOnly(CONTACT)],
      ['Lead', readOnly(LEAD)],
      ['PersonAccount', readOnly(ACCOUNT)],
    ]);
    expect(guessedRequirements(settings, none)).toBe(null);
  });
});
