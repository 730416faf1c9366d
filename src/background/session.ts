import browser from 'webextension-polyfill';
import { apiHostFor } from '../lib/salesforce-hosts';
import type { SessionTokens } from '../lib/salesforce/connection';

/**
 * The rep's own Salesforce session: the `sid` cookie of the org's My Domain host, found from the
 * page the rep is on. Only the My Domain `sid` has API access (a Visualforce or Lightning host's
 * does not), and the token never leaves the service worker.
 */
export async function sessionForPage(pageUrl: string): Promise<SessionTokens | null> {
  const apiHost = apiHostFor(new URL(pageUrl).hostname);
  if (!apiHost) return null;
  const instanceUrl = `https://${apiHost}`;
  const cookie = await browser.cookies.get({ url: `${instanceUrl}/`, name: 'sid' });
  return cookie?.value ? { instanceUrl, accessToken: cookie.value } : null;
}
