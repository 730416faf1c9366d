import browser from 'webextension-polyfill';
import type { Database } from '../lib/db/open';
import { openCount } from '../lib/db/unsubscribes';

/** The extension icon's badge: how many unsubscribes are waiting for or refused by Salesforce. */
export async function updateBadge(db: Database): Promise<void> {
  const count = await openCount(db);
  await browser.action.setBadgeBackgroundColor({ color: '#ba0517' });
  await browser.action.setBadgeText({ text: count === 0 ? '' : String(count) });
}
