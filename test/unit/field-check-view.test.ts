import { describe, expect, it } from 'vitest';
import { checkboxOptions, fieldLabels, fixFor } from '../../src/lib/field-check-view';
import type { ObjectFieldCheck } from '../../src/lib/options-messages';
import { defaultSettings } from '../../src/lib/settings';

const settings = defaultSettings('00D5g000004EXAMPLE');

const CHECKS: ObjectFieldCheck[] = [
  {
    kind: 'Contact',
    available: true,
    checkboxes: [
      { name: 'HasOptedOutOfEmail', label: 'Email Opt Out', updateable: true },
      { name: 'Do_Not_Call__c', label: 'Do Not Call', updateable: true },
    ],
    marketoField: { name: 'mkto_si__Marketo_Sales_Opt_Out__c', label: 'Marketo Sales Opt Out' },
    chosen: [
      { name: 'HasOptedOutOfEmail', label: 'Email Opt Out' },
      { name: 'mkto_si__Marketo_Sales_Opt_Out__c', label: 'Marketo Sales Opt Out' },
    ],
    problems: [],
  },
  {
    kind: 'Lead',
    available: true,
    checkboxes: [{ name: 'HasOptedOutOfEmail', label: 'Email Opt Out', updateable: false }],
    marketoField: null,
    chosen: [],
    problems: [
      { kind: 'Lead', field: 'HasOptedOutOfEmail', label: 'Email Opt Out', reason: 'read-only' },
      { kind: 'Lead', field: '', label: 'Marketo Sales Opt Out', reason: 'marketo-not-found' },
    ],
  },
  {
    kind: 'PersonAccount',
    available: false,
    checkboxes: [{ name: 'PersonHasOptedOutOfEmail', label: 'Email Opt Out', updateable: true }],
    marketoField: null,
    chosen: [],
    problems: [],
  },
];

describe('the field check on the options page', () => {
  it('gives the fix for each problem', () => {
    const lead = CHECKS[1]?.problems ?? [];
    expect(lead.map((p) => fixFor(p, settings))).toEqual(['edit-access', 'install-marketo']);
    expect(
      fixFor({ kind: 'Contact', field: 'X__c', label: 'X', reason: 'not-checkbox' }, settings),
    ).toBe('choose-checkbox');
    // A missing field is the Marketo field when it is the admin's override, else another one.
    const named = { ...settings, marketoApiName: { Lead: 'Mkto_Opt__c' } };
    const missing = { kind: 'Lead', field: 'mkto_opt__c', label: 'M', reason: 'missing' } as const;
    expect(fixFor(missing, named)).toBe('install-marketo');
    expect(fixFor(missing, settings)).toBe('create-field');
  });

  it("names the fields to uncheck in Salesforce by the describe's labels, else by API name", () => {
    expect(
      fieldLabels('Contact', ['HasOptedOutOfEmail', 'mkto_si__marketo_sales_opt_out__c'], CHECKS),
    ).toEqual(['Email Opt Out', 'Marketo Sales Opt Out']);
    // A read-only field is still set in Salesforce; its label comes from the problem.
    expect(fieldLabels('Lead', ['HasOptedOutOfEmail'], CHECKS)).toEqual(['Email Opt Out']);
    expect(fieldLabels('Account', ['PersonHasOptedOutOfEmail'], CHECKS)).toEqual(['Email Opt Out']);
    expect(fieldLabels('Lead', ['Gone__c'], CHECKS)).toEqual(['Gone__c']);
    expect(fieldLabels('Contact', ['HasOptedOutOfEmail'], null)).toEqual(['HasOptedOutOfEmail']);
  });

  it('offers the checkboxes of one object, or of every available object once each', () => {
    expect(checkboxOptions(CHECKS, 'Contact').map((o) => o.name)).toEqual([
      'Do_Not_Call__c',
      'HasOptedOutOfEmail',
    ]);
    expect(checkboxOptions(CHECKS, 'all').map((o) => o.name)).toEqual([
      'Do_Not_Call__c',
      'HasOptedOutOfEmail',
    ]);
    expect(checkboxOptions(CHECKS, 'PersonAccount')).toEqual([]);
    expect(checkboxOptions(null, 'all')).toEqual([]);
  });
});
