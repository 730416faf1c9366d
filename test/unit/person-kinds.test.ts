import { describe, expect, it } from 'vitest';
import {
  isPersonField,
  kindOfObject,
  kindSoqlFilter,
  objectOfKeyPrefix,
  orgHasKind,
  PERSON_KIND,
  PERSON_KINDS,
  placeOf,
  placeSelect,
  recordIsKind,
} from '../../src/lib/person-kinds';

describe('the person-kind table', () => {
  it('names the kind of an unsubscribe from its object', () => {
    expect(kindOfObject('Account')).toBe('PersonAccount');
    expect(kindOfObject('Lead')).toBe('Lead');
    expect(kindOfObject('Contact')).toBe('Contact');
  });

  it('knows each kind by its key prefix, and no other object', () => {
    expect(objectOfKeyPrefix('003')).toBe('Contact');
    expect(objectOfKeyPrefix('00Q')).toBe('Lead');
    expect(objectOfKeyPrefix('001')).toBe('Account');
    expect(objectOfKeyPrefix('006')).toBeNull();
  });

  it('holds one kind per object, so a stored object names its kind', () => {
    const objects = PERSON_KINDS.map((k) => PERSON_KIND[k].object);
    expect(new Set(objects).size).toBe(objects.length);
  });

  it('tells whether an org has Person Accounts from the Account describe', () => {
    expect(orgHasKind('PersonAccount', ['Id', 'Name'])).toBe(false);
    expect(orgHasKind('PersonAccount', ['Id', 'IsPersonAccount'])).toBe(true);
    expect(orgHasKind('Contact', ['Id'])).toBe(true);
  });

  it('tells a Person Account from a business Account', () => {
    expect(recordIsKind('PersonAccount', { IsPersonAccount: true })).toBe(true);
    expect(recordIsKind('PersonAccount', { IsPersonAccount: false })).toBe(false);
    expect(recordIsKind('Lead', {})).toBe(true);
    expect(kindSoqlFilter('PersonAccount')).toBe('IsPersonAccount = true');
    expect(kindSoqlFilter('Contact')).toBeNull();
  });

  it('offers only a Person Account’s person fields as its checkboxes', () => {
    expect(isPersonField('PersonAccount', 'PersonHasOptedOutOfEmail')).toBe(true);
    expect(isPersonField('PersonAccount', 'Sales_Opt_Out__pc')).toBe(true);
    expect(isPersonField('PersonAccount', 'Sales_Opt_Out__c')).toBe(false);
    expect(isPersonField('Contact', 'Sales_Opt_Out__c')).toBe(true);
  });

  it("names where each kind belongs: a Contact's Account name, a Lead's Company, a Person Account nowhere", () => {
    expect(PERSON_KIND.Contact.place).toEqual({
      path: 'Account.Name',
      via: { field: 'AccountId', object: 'Account' },
    });
    expect(PERSON_KIND.Lead.place).toEqual({ path: 'Company', via: null });
    // The person is the account: nothing else to name.
    expect(PERSON_KIND.PersonAccount.place).toBeNull();
  });

  it('asks for the place only where the describe lists its field and the parent can be read', () => {
    const all = () => true;
    expect(placeSelect('Contact', ['Id', 'AccountId'], all)).toBe('Account.Name');
    expect(placeSelect('Contact', ['Id'], all)).toBeNull();
    expect(
      placeSelect('Contact', ['Id', 'AccountId'], (object) => object !== 'Account'),
    ).toBeNull();
    expect(placeSelect('Lead', ['Id', 'Company'], () => false)).toBe('Company');
    expect(placeSelect('Lead', ['Id'], all)).toBeNull();
    expect(placeSelect('PersonAccount', ['Id', 'Name', 'PersonEmail'], all)).toBeNull();
  });

  it("reads the place from a row as Salesforce answers it, the parent's field nested", () => {
    const account = { attributes: { type: 'Account', url: '/x' }, Name: 'Acme' };
    expect(placeOf('Contact', { Id: '003', Account: account })).toBe('Acme');
    expect(placeOf('Contact', { Id: '003', Account: null })).toBeNull();
    expect(placeOf('Contact', { Id: '003' })).toBeNull();
    expect(placeOf('Contact', { Id: '003', Account: { Name: '  ' } })).toBeNull();
    expect(placeOf('Lead', { Id: '00Q', Company: ' Initech ' })).toBe('Initech');
    expect(placeOf('Lead', { Id: '00Q', Company: '' })).toBeNull();
    expect(placeOf('Lead', { Id: '00Q', Company: 7 })).toBeNull();
    expect(placeOf('PersonAccount', { Id: '001', Name: 'Ada Lovelace' })).toBeNull();
  });
});
