/**
 * The host names the emulator answers as. Chromium reaches it through --host-resolver-rules, so
 * requests carry the real Salesforce host; jsforce in Node calls 127.0.0.1:PORT directly.
 */

export interface OrgHosts {
  /** e.g. acme.my.salesforce.com: API, OAuth, login and Classic pages. */
  readonly myDomain: string;
  /** e.g. acme.lightning.force.com: Lightning pages only. */
  readonly lightning: string;
  /** Where the identity URL (`/id/<org>/<user>`) points: login. or test.salesforce.com. */
  readonly login: string;
}

/** What a Host header names: the Lightning UI, the emulator's own address, or a Salesforce host. */
export type HostClass = 'lightning' | 'loopback' | 'salesforce';

export function orgHosts(myDomain: string): OrgHosts {
  return {
    myDomain: `${myDomain}.my.salesforce.com`,
    lightning: `${myDomain}.lightning.force.com`,
    login: myDomain.endsWith('.sandbox') ? 'test.salesforce.com' : 'login.salesforce.com',
  };
}

/**
 * The Lightning hosts of every realm the product knows: commercial, Government Cloud, and the
 * commercial ones behind the Microsoft Defender for Cloud Apps proxy (src/lib/salesforce-hosts.ts).
 */
const LIGHTNING_SUFFIXES = [
  '.lightning.force.com',
  '.lightning.crmforce.mil',
  '.lightning.force.com.mcas.ms',
];

export function classifyHost(host: string): HostClass {
  if (LIGHTNING_SUFFIXES.some((suffix) => host.endsWith(suffix))) return 'lightning';
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return 'loopback';
  return 'salesforce';
}

/** Every Salesforce host name this product uses, as patterns (`*.` is one or more labels). */
export const EMULATED_HOSTS: readonly string[] = [
  '*.my.salesforce.com',
  '*.lightning.force.com',
  '*.sandbox.my.salesforce.com',
  '*.sandbox.lightning.force.com',
  'login.salesforce.com',
  'test.salesforce.com',
  // The optional realms (reached only once the extension holds their hosts).
  '*.my.salesforce.mil',
  '*.lightning.crmforce.mil',
  '*.my.salesforce.com.mcas.ms',
  '*.lightning.force.com.mcas.ms',
];

/** Whether a host name is one the emulator stands in for (Firefox's host proxy asks). */
export function isEmulatedHost(host: string): boolean {
  const name = host.toLowerCase();
  return EMULATED_HOSTS.some((pattern) =>
    pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) : name === pattern,
  );
}

/** The Chromium flag value that sends every Salesforce host this product uses to the emulator. */
export function hostResolverRules(port: number): string {
  return EMULATED_HOSTS.map((pattern) => `MAP ${pattern} 127.0.0.1:${port}`).join(', ');
}

/** Every name the TLS certificate covers: the emulated hosts, and the emulator's own. */
export const CERTIFICATE_NAMES: readonly string[] = [...EMULATED_HOSTS, 'localhost'];
