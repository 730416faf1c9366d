import browser from 'webextension-polyfill';
import { apiHostFor } from '../lib/salesforce-hosts';
import type { SessionTokens } from '../lib/salesforce/connection';
import { orgIdOfSession } from '../lib/salesforce/sid';

export interface OrgSession extends SessionTokens {
  readonly orgId: string;
}

/** `https://<my-domain>.my.salesforce.com` for a Salesforce page, or null. */
export function instanceUrlForPage(pageUrl: string): string | null {
  const apiHost = apiHostFor(new URL(pageUrl).hostname);
  return apiHost ? `https://${apiHost}` : null;
}

/**
 * The rep's own Salesforce session for an org: the `sid` cookie of its My Domain host. Only the
 * My Domain `sid` has API access (a Visualforce or Lightning host's does not), and the token
 * never leaves the service worker.
 */
export async function sessionFor(instanceUrl: string): Promise<OrgSession | null> {
  const cookie = await browser.cookies.get({ url: `${instanceUrl}/`, name: 'sid' });
  const orgId = cookie?.value ? orgIdOfSession(cookie.value) : null;
  return cookie && orgId ? { instanceUrl, accessToken: cookie.value, orgId } : null;
}

/** Calls `onRenewed` with the instance URL whenever a `sid` cookie of a My Domain host is set. */
export function onSessionRenewed(onRenewed: (instanceUrl: string) => void): void {
  browser.cookies.onChanged.addListener(({ cookie, removed }) => {
    if (removed || cookie.name !== 'sid') return;
    const host = cookie.domain.replace(/^\./, '');
    if (apiHostFor(host) === host) onRenewed(`https://${host}`);
  });
}
