import { describe, expect, it } from 'vitest';
import { writableSoqlFilters, type PersonKind } from '../../src/lib/person-kinds';
import { emailKey, lookupAddresses, sameEmailScopes } from '../../src/lib/same-email';

const WITH_PERSON_ACCOUNTS: readonly PersonKind[] = ['Contact', 'Lead', 'PersonAccount'];
const WITHOUT_PERSON_ACCOUNTS: readonly PersonKind[] = ['Contact', 'Lead'];

describe('the same email address', () => {
  it('is the whole address, trimmed and case-insensitive; a blank one matches nothing', () => {
    expect(emailKey('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
    expect(emailKey('ada@example.com')).toBe(emailKey('ADA@EXAMPLE.COM'));
    // The whole address: another address that contains it is another address.
    expect(emailKey('ada@example.com.au')).not.toBe(emailKey('ada@example.com'));
    expect(emailKey('')).toBeNull();
    expect(emailKey(' \t ')).toBeNull();
    expect(emailKey(null)).toBeNull();
    expect(emailKey(undefined)).toBeNull();
  });

  it('lower-cases non-ASCII letters the same way in every browser language', () => {
    expect(emailKey('JÜRGEN@EXÄMPLE.DE')).toBe('jürgen@exämple.de');
    expect(emailKey('ÅSA@EXEMPEL.SE')).toBe(emailKey('åsa@exempel.se'));
    // Not the Turkish locale's dotless ı: the key does not depend on the user's language.
    expect(emailKey('INGRID@EXAMPLE.COM')).toBe('ingrid@example.com');
  });

  it('looks up each address once, as first written, in the order first seen', () => {
    expect(
      lookupAddresses([' Ada@Example.com', null, 'ada@example.com', '', 'bob@example.com', '  ']),
    ).toEqual(['Ada@Example.com', 'bob@example.com']);
    expect(lookupAddresses([])).toEqual([]);
  });
});

describe('the records an address covers', () => {
  it('are Contacts (not person contacts), unconverted Leads and Person Accounts by PersonEmail', () => {
    expect(sameEmailScopes(WITH_PERSON_ACCOUNTS)).toEqual([
      { kind: 'Contact', emailField: 'Email', filters: ['IsPersonAccount = false'] },
      { kind: 'Lead', emailField: 'Email', filters: ['IsConverted = false'] },
      { kind: 'PersonAccount', emailField: 'PersonEmail', filters: ['IsPersonAccount = true'] },
    ]);
  });

  it('leave out person contacts only where the org has Person Accounts (else no such field)', () => {
    expect(sameEmailScopes(WITHOUT_PERSON_ACCOUNTS)).toEqual([
      { kind: 'Contact', emailField: 'Email', filters: [] },
      { kind: 'Lead', emailField: 'Email', filters: ['IsConverted = false'] },
    ]);
    expect(writableSoqlFilters('Contact', WITHOUT_PERSON_ACCOUNTS)).toEqual([]);
    expect(writableSoqlFilters('Contact', WITH_PERSON_ACCOUNTS)).toEqual([
      'IsPersonAccount = false',
    ]);
  });
});
