/**
 * Salesforce host names. A rep looks at a record on the Lightning host
 * (`acme.lightning.force.com`, `acme--uat.sandbox.lightning.force.com`) or in Classic on the My
 * Domain host (`acme.my.salesforce.com`); the API must be called on the My Domain host, because the
 * Lightning host answers API calls with a redirect that drops the Authorization header.
 */

const LIGHTNING_SUFFIX = '.lightning.force.com';
const MY_DOMAIN_SUFFIX = '.my.salesforce.com';
// My Domain names are letters, digits and hyphens ("acme", "acme--uat"), optionally followed by
// an edition label such as "sandbox", "develop" or "scratch".
const DOMAIN_PART =
  /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:\.(?:sandbox|develop|scratch|trailblaze|demo|patch|free))?$/;

function domainPart(host: string, suffix: string): string | null {
  if (!host.endsWith(suffix)) return null;
  const part = host.slice(0, -suffix.length);
  return DOMAIN_PART.test(part) ? part : null;
}

/** The My Domain API host for a Salesforce page host, or null when the host is not Salesforce's. */
export function apiHostFor(pageHost: string): string | null {
  const host = pageHost.toLowerCase();
  const part = domainPart(host, LIGHTNING_SUFFIX) ?? domainPart(host, MY_DOMAIN_SUFFIX);
  return part === null ? null : part + MY_DOMAIN_SUFFIX;
}

/** True for the Lightning and My Domain hosts the content script runs on. */
export function isSalesforcePageHost(pageHost: string): boolean {
  return apiHostFor(pageHost) !== null;
}
