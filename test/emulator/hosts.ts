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

export function classifyHost(host: string): HostClass {
  if (host.endsWith('.lightning.force.com')) return 'lightning';
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return 'loopback';
  return 'salesforce';
}

/** The Chromium flag value that sends every Salesforce host this product uses to the emulator. */
export function hostResolverRules(port: number): string {
  return [
    '*.my.salesforce.com',
    '*.lightning.force.com',
    '*.sandbox.my.salesforce.com',
    '*.sandbox.lightning.force.com',
    'login.salesforce.com',
    'test.salesforce.com',
  ]
    .map((pattern) => `MAP ${pattern} 127.0.0.1:${port}`)
    .join(', ');
}

/** Every name the TLS certificate covers. */
export const CERTIFICATE_NAMES: readonly string[] = [
  '*.my.salesforce.com',
  '*.lightning.force.com',
  '*.sandbox.my.salesforce.com',
  '*.sandbox.lightning.force.com',
  'login.salesforce.com',
  'test.salesforce.com',
  'localhost',
];
