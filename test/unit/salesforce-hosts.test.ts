import { describe, expect, it } from 'vitest';
import { apiHostFor, isSalesforcePageHost } from '../../src/lib/salesforce-hosts';

describe('apiHostFor', () => {
  it('maps Lightning and My Domain hosts to the My Domain API host', () => {
    expect(apiHostFor('acme.lightning.force.com')).toBe('acme.my.salesforce.com');
    expect(apiHostFor('acme.my.salesforce.com')).toBe('acme.my.salesforce.com');
    expect(apiHostFor('acme--uat.sandbox.lightning.force.com')).toBe(
      'acme--uat.sandbox.my.salesforce.com',
    );
    expect(apiHostFor('ACME--UAT.sandbox.my.salesforce.com')).toBe(
      'acme--uat.sandbox.my.salesforce.com',
    );
    expect(apiHostFor('acme-dev-ed.develop.lightning.force.com')).toBe(
      'acme-dev-ed.develop.my.salesforce.com',
    );
  });

  it('refuses every other host', () => {
    for (const host of [
      'lightning.force.com',
      'evil.com',
      'acme.lightning.force.com.evil.com',
      'acme.vf.force.com',
      'a.b.c.my.salesforce.com',
      'login.salesforce.com',
    ]) {
      expect(apiHostFor(host), host).toBeNull();
      expect(isSalesforcePageHost(host)).toBe(false);
    }
  });
});
