import { describe, expect, it } from 'vitest';
import { loginChoiceOf, loginUrlOf } from '../../src/lib/login-url';

describe('the Connect form login URL', () => {
  it('shows production when there is no default', () => {
    expect(loginChoiceOf(null)).toEqual({ kind: 'production', myDomain: '' });
    expect(loginChoiceOf('https://login.salesforce.com/')).toEqual({
      kind: 'production',
      myDomain: '',
    });
  });

  it('shows the sandbox and a My Domain default', () => {
    expect(loginChoiceOf('https://test.salesforce.com')).toEqual({ kind: 'sandbox', myDomain: '' });
    expect(loginChoiceOf('https://acme.my.salesforce.com')).toEqual({
      kind: 'my-domain',
      myDomain: 'https://acme.my.salesforce.com',
    });
  });

  it('gives the URL to log in at', () => {
    expect(loginUrlOf({ kind: 'production', myDomain: 'ignored' })).toBe(
      'https://login.salesforce.com',
    );
    expect(loginUrlOf({ kind: 'sandbox', myDomain: '' })).toBe('https://test.salesforce.com');
    expect(loginUrlOf({ kind: 'my-domain', myDomain: 'https://acme.my.salesforce.com/' })).toBe(
      'https://acme.my.salesforce.com',
    );
  });

  it('completes a bare My Domain name', () => {
    expect(loginUrlOf({ kind: 'my-domain', myDomain: 'acme' })).toBe(
      'https://acme.my.salesforce.com',
    );
    expect(loginUrlOf({ kind: 'my-domain', myDomain: 'Acme--UAT.sandbox.my.salesforce.com' })).toBe(
      'https://acme--uat.sandbox.my.salesforce.com',
    );
  });

  it('refuses what is not a My Domain', () => {
    expect(loginUrlOf({ kind: 'my-domain', myDomain: '' })).toBeNull();
    expect(loginUrlOf({ kind: 'my-domain', myDomain: 'http://acme.my.salesforce.com' })).toBeNull();
    expect(loginUrlOf({ kind: 'my-domain', myDomain: 'https://evil.example.com' })).toBeNull();
    expect(
      loginUrlOf({ kind: 'my-domain', myDomain: 'https://acme.my.salesforce.com/path' }),
    ).toBeNull();
  });
});
