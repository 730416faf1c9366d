import { describe, expect, it } from 'vitest';
import { chosenFields, findMarketoField, pushFields } from '../../src/lib/opt-out-fields';
import type { DescribedField, ObjectDescribe } from '../../src/lib/salesforce/describe';
import { defaultSettings, type OrgSettings } from '../../src/lib/settings';

const box = (name: string, label: string, updateable = true): DescribedField => ({
  name,
  label,
  type: 'boolean',
  updateable,
});

const CONTACT: ObjectDescribe = {
  name: 'Contact',
  fields: [
    { name: 'Email', label: 'Email', type: 'email', updateable: true },
    box('HasOptedOutOfEmail', 'Email Opt Out'),
    box('mkto_si__Marketo_Sales_Opt_Out__c', 'Marketo Sales Opt Out'),
    box('Do_Not_Call_Sales__c', 'Do Not Call (Sales)'),
  ],
};
const ACCOUNT: ObjectDescribe = {
  name: 'Account',
  fields: [
    box('PersonHasOptedOutOfEmail', 'Email Opt Out'),
    box('ToutApp__Opt_Out__pc', 'MSE - Opt Out'),
  ],
};
const names = (plan: { fields: readonly DescribedField[] }) => plan.fields.map((f) => f.name);

function settings(patch: Partial<OrgSettings>): OrgSettings {
  return { ...defaultSettings('00Dxx0000001gPLEAY'), ...patch };
}

describe('R3: with the nightly sync off a push sets Email Opt Out whatever is chosen', () => {
  it.each(['email-opt-out', 'marketo', 'both'] as const)('choice %s', (kind) => {
    const plan = pushFields(
      'Contact',
      settings({ nightlySync: false, fieldChoice: { kind } }),
      CONTACT,
    );
    expect(names(plan)).toEqual(['HasOptedOutOfEmail']);
    expect(
      names(pushFields('PersonAccount', settings({ fieldChoice: { kind } }), ACCOUNT)),
    ).toEqual(['PersonHasOptedOutOfEmail']);
  });
});

describe('R7: with the nightly sync on a push sets every chosen field', () => {
  const on = (patch: Partial<OrgSettings>) => settings({ nightlySync: true, ...patch });

  it('defaults to Email Opt Out', () => {
    expect(names(pushFields('Contact', on({}), CONTACT))).toEqual(['HasOptedOutOfEmail']);
  });

  it('finds the Marketo field by its label, per object', () => {
    expect(names(pushFields('Contact', on({ fieldChoice: { kind: 'marketo' } }), CONTACT))).toEqual(
      ['mkto_si__Marketo_Sales_Opt_Out__c'],
    );
    expect(
      names(pushFields('PersonAccount', on({ fieldChoice: { kind: 'both' } }), ACCOUNT)),
    ).toEqual(['PersonHasOptedOutOfEmail', 'ToutApp__Opt_Out__pc']);
  });

  it('takes another checkbox, a per-object exception and an admin override of the API name', () => {
    const other = on({ fieldChoice: { kind: 'other', field: 'Do_Not_Call_Sales__c' } });
    expect(names(pushFields('Contact', other, CONTACT))).toEqual(['Do_Not_Call_Sales__c']);
    const perObject = on({ perObject: { Contact: { kind: 'both' } } });
    expect(names(chosenFields('Contact', perObject, CONTACT))).toEqual([
      'HasOptedOutOfEmail',
      'mkto_si__Marketo_Sales_Opt_Out__c',
    ]);
    expect(names(chosenFields('PersonAccount', perObject, ACCOUNT))).toEqual([
      'PersonHasOptedOutOfEmail',
    ]);
    const override = on({
      fieldChoice: { kind: 'marketo' },
      marketoApiName: { Contact: 'Do_Not_Call_Sales__c' },
    });
    expect(names(chosenFields('Contact', override, CONTACT))).toEqual(['Do_Not_Call_Sales__c']);
  });
});

describe('R1b: a chosen field that cannot be written is a problem, never a write', () => {
  it('reports a Marketo field that is not installed', () => {
    const lead: ObjectDescribe = {
      name: 'Lead',
      fields: [box('HasOptedOutOfEmail', 'Email Opt Out')],
    };
    const plan = chosenFields('Lead', settings({ fieldChoice: { kind: 'both' } }), lead);
    expect(names(plan)).toEqual(['HasOptedOutOfEmail']);
    expect(plan.problems).toEqual([
      { kind: 'Lead', field: '', label: 'Marketo Sales Opt Out', reason: 'marketo-not-found' },
    ]);
  });

  it('reports read-only, missing and non-checkbox fields', () => {
    const readOnly: ObjectDescribe = {
      name: 'Contact',
      fields: [box('HasOptedOutOfEmail', 'Email Opt Out', false)],
    };
    expect(pushFields('Contact', settings({}), readOnly)).toEqual({
      fields: [],
      problems: [
        {
          kind: 'Contact',
          field: 'HasOptedOutOfEmail',
          label: 'Email Opt Out',
          reason: 'read-only',
        },
      ],
    });
    expect(
      chosenFields(
        'Contact',
        settings({ fieldChoice: { kind: 'other', field: 'Nope__c' } }),
        CONTACT,
      ).problems,
    ).toEqual([{ kind: 'Contact', field: 'Nope__c', label: 'Nope__c', reason: 'missing' }]);
    expect(
      chosenFields('Contact', settings({ fieldChoice: { kind: 'other', field: 'Email' } }), CONTACT)
        .problems[0]?.reason,
    ).toBe('not-checkbox');
  });

  it('does not mistake an unrelated checkbox for the Marketo field', () => {
    expect(
      findMarketoField({
        name: 'Lead',
        fields: [box('Do_Not_Call_Sales__c', 'Do Not Call (Sales)')],
      }),
    ).toBeNull();
    expect(
      findMarketoField({
        name: 'Lead',
        fields: [box('mkto_si__Opt_Out_Sales__c', 'Sales unsubscribe')],
      })?.name,
    ).toBe('mkto_si__Opt_Out_Sales__c');
  });
});
