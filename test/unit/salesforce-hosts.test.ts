import { describe, expect, it } from 'vitest';
import {
  apiHostFor,
  grantedRealms,
  isSalesforcePageHost,
  lightningHostFor,
  OPTIONAL_REALMS,
  realmOfHost,
  realmOrigins,
  REALMS,
} from '../../src/lib/salesforce-hosts';

/** Page host → API host → realm, for every realm and org kind the extension covers. */
const HOSTS: ReadonlyArray<readonly [string, string, string]> = [
  ['acme.lightning.force.com', 'acme.my.salesforce.com', 'commercial'],
  ['acme.my.salesforce.com', 'acme.my.salesforce.com', 'commercial'],
  ['acme--uat.sandbox.lightning.force.com', 'acme--uat.sandbox.my.salesforce.com', 'commercial'],
  ['ACME--UAT.sandbox.my.salesforce.com', 'acme--uat.sandbox.my.salesforce.com', 'commercial'],
  [
    'acme-dev-ed.develop.lightning.force.com',
    'acme-dev-ed.develop.my.salesforce.com',
    'commercial',
  ],
  ['agency.lightning.crmforce.mil', 'agency.my.salesforce.mil', 'government'],
  ['agency.my.salesforce.mil', 'agency.my.salesforce.mil', 'government'],
  [
    'agency--uat.sandbox.lightning.crmforce.mil',
    'agency--uat.sandbox.my.salesforce.mil',
    'government',
  ],
  ['acme.lightning.force.com.mcas.ms', 'acme.my.salesforce.com.mcas.ms', 'mcas'],
  ['acme.my.salesforce.com.mcas.ms', 'acme.my.salesforce.com.mcas.ms', 'mcas'],
  [
    'acme--uat.sandbox.lightning.force.com.mcas.ms',
    'acme--uat.sandbox.my.salesforce.com.mcas.ms',
    'mcas',
  ],
];

describe('apiHostFor', () => {
  it.each(HOSTS)('maps %s to the My Domain API host %s (%s)', (page, api, realm) => {
    expect(apiHostFor(page)).toBe(api);
    expect(realmOfHost(page)).toBe(realm);
    expect(isSalesforcePageHost(page)).toBe(true);
    // And back: the Lightning host of the API host is the page host's Lightning twin.
    expect(apiHostFor(lightningHostFor(api) ?? '')).toBe(api);
  });

  it('refuses every other host', () => {
    for (const host of [
      'lightning.force.com',
      'evil.com',
      'acme.lightning.force.com.evil.com',
      'acme.vf.force.com',
      'a.b.c.my.salesforce.com',
      'login.salesforce.com',
      'acme.my.salesforce.mil.evil.com',
      'acme.lightning.crmforce.mil.evil.mil',
      'evil.mcas.ms',
      'acme.evil.com.mcas.ms',
      'acme.lightning.force.com.evil.mcas.ms',
      'acme.lightning.force.com.mcas.ms.evil.com',
      // Realms not covered: China (Alibaba Cloud), Salesforce's own test realms.
      'acme.lightning.sfcrmapps.cn',
      'acme.my.sfcrmproducts.cn',
    ]) {
      expect(apiHostFor(host), host).toBeNull();
      expect(isSalesforcePageHost(host)).toBe(false);
    }
  });
});

describe('realms', () => {
  it('keeps the commercial realm the only default one, the others optional', () => {
    expect(REALMS.filter((r) => r.access === 'default').map((r) => r.id)).toEqual(['commercial']);
    expect(OPTIONAL_REALMS.map((r) => r.id)).toEqual(['government', 'mcas']);
    expect(OPTIONAL_REALMS.flatMap(realmOrigins)).toEqual([
      'https://*.lightning.crmforce.mil/*',
      'https://*.my.salesforce.mil/*',
      'https://*.lightning.force.com.mcas.ms/*',
      'https://*.my.salesforce.com.mcas.ms/*',
    ]);
  });

  it('counts a realm as granted only when both of its hosts are', () => {
    expect(grantedRealms([])).toEqual([]);
    expect(grantedRealms(['https://*.my.salesforce.mil/*'])).toEqual([]);
    expect(
      grantedRealms([
        'https://*.my.salesforce.com/*',
        'https://*.lightning.crmforce.mil/*',
        'https://*.my.salesforce.mil/*',
      ]),
    ).toEqual(['government']);
  });
});
