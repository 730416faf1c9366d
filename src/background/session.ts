import { apiHostFor } from '../lib/salesforce-hosts';
import type { SessionTokens } from '../lib/salesforce/connection';
import { orgIdOfSession } from '../lib/salesforce/sid';
import { cookieValue } from './extension-api';

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
  const sid = await cookieValue(`${instanceUrl}/`, 'sid');
  const orgId = sid ? orgIdOfSession(sid) : null;
  return sid && orgId ? { instanceUrl, accessToken: sid, orgId } : null;
}

/** A cookie change as `cookies.onChanged` reports it, narrowed to what the session needs. */
export interface CookieChange {
  readonly removed: boolean;
  readonly cookie: { readonly name: string; readonly domain: string };
}

/** The instance URL whose `sid` a cookie change set, when it is a My Domain host's; else null. */
export function renewedInstanceUrl({ cookie, removed }: CookieChange): string | null {
  if (removed || cookie.name !== 'sid') return null;
  const host = cookie.domain.replace(/^\./, '');
  return apiHostFor(host) === host ? `https://${host}` : null;
}
