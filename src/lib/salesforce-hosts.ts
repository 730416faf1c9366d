/**
 * Salesforce host names: the one home for them. A rep looks at a record on the Lightning host
 * (`acme.lightning.force.com`, `acme--uat.sandbox.lightning.force.com`) or in Classic on the My
 * Domain host (`acme.my.salesforce.com`); the API must be called on the My Domain host, because the
 * Lightning host answers API calls with a redirect that drops the Authorization header.
 *
 * The same pair of hosts exists in each realm below (Salesforce Help, "My Domain URL Formats":
 * https://help.salesforce.com/s/articleView?id=products.domain_name_app_url_changes.htm). The
 * commercial realm is in the manifest's `host_permissions`; every other realm is in its
 * `optional_host_permissions`, asked for from the options page when a rep needs it, so that the
 * install prompt names Salesforce only.
 */

export type RealmId = 'commercial' | 'government' | 'mcas';

export interface Realm {
  readonly id: RealmId;
  /** After the My Domain name: `.lightning.force.com`. */
  readonly lightningSuffix: string;
  /** After the My Domain name: `.my.salesforce.com`. */
  readonly myDomainSuffix: string;
  /** `default`: granted at install; `optional`: asked for with `permissions.request`. */
  readonly access: 'default' | 'optional';
}

export const REALMS: readonly Realm[] = [
  {
    id: 'commercial',
    lightningSuffix: '.lightning.force.com',
    myDomainSuffix: '.my.salesforce.com',
    access: 'default',
  },
  // Government Cloud Plus (US public sector).
  {
    id: 'government',
    lightningSuffix: '.lightning.crmforce.mil',
    myDomainSuffix: '.my.salesforce.mil',
    access: 'optional',
  },
  // Microsoft Defender for Cloud Apps (Conditional Access App Control) serves Salesforce through
  // its reverse proxy under the original host name plus `.mcas.ms`
  // (https://learn.microsoft.com/defender-cloud-apps/proxy-intro-aad).
  {
    id: 'mcas',
    lightningSuffix: '.lightning.force.com.mcas.ms',
    myDomainSuffix: '.my.salesforce.com.mcas.ms',
    access: 'optional',
  },
];

// My Domain names are letters, digits and hyphens ("acme", "acme--uat"), optionally followed by
// an edition label such as "sandbox", "develop" or "scratch".
const DOMAIN_PART =
  /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:\.(?:sandbox|develop|scratch|trailblaze|demo|patch|free))?$/;

interface HostMatch {
  readonly realm: Realm;
  /** The My Domain name with its edition label: `acme`, `acme--uat.sandbox`. */
  readonly domain: string;
  readonly kind: 'lightning' | 'my-domain';
}

function matchHost(pageHost: string): HostMatch | null {
  const host = pageHost.toLowerCase();
  for (const realm of REALMS) {
    for (const [kind, suffix] of [
      ['lightning', realm.lightningSuffix],
      ['my-domain', realm.myDomainSuffix],
    ] as const) {
      if (!host.endsWith(suffix)) continue;
      const domain = host.slice(0, -suffix.length);
      if (DOMAIN_PART.test(domain)) return { realm, domain, kind };
    }
  }
  return null;
}

/** The My Domain API host for a Salesforce page host, or null when the host is not Salesforce's. */
export function apiHostFor(pageHost: string): string | null {
  const match = matchHost(pageHost);
  return match ? match.domain + match.realm.myDomainSuffix : null;
}

/** The Lightning host of a My Domain (or Lightning) host, or null when it is not Salesforce's. */
export function lightningHostFor(host: string): string | null {
  const match = matchHost(host);
  return match ? match.domain + match.realm.lightningSuffix : null;
}

/** The realm a Salesforce host belongs to, or null when the host is not Salesforce's. */
export function realmOfHost(host: string): RealmId | null {
  return matchHost(host)?.realm.id ?? null;
}

/** True for the Lightning and My Domain hosts the content script runs on, in every realm. */
export function isSalesforcePageHost(pageHost: string): boolean {
  return matchHost(pageHost) !== null;
}

/** The match patterns of a realm's pages (and API), as the manifest and `permissions` name them. */
export function realmOrigins(realm: Realm): string[] {
  return [`https://*${realm.lightningSuffix}/*`, `https://*${realm.myDomainSuffix}/*`];
}

/** The realms asked for at run time: the options page's list and the manifest's optional hosts. */
export const OPTIONAL_REALMS: readonly Realm[] = REALMS.filter((r) => r.access === 'optional');

/** The optional realms whose every origin is among the granted ones. */
export function grantedRealms(grantedOrigins: readonly string[]): RealmId[] {
  return OPTIONAL_REALMS.filter((realm) =>
    realmOrigins(realm).every((origin) => grantedOrigins.includes(origin)),
  ).map((realm) => realm.id);
}
