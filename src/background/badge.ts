import browser from 'webextension-polyfill';
import type { Database } from '../lib/db/open';
import { openCount } from '../lib/db/unsubscribes';

/**
 * The extension icon: its badge counts unsubscribes waiting for or refused by Salesforce, and
 * shows "!" with a tooltip when a nightly run waits for a Salesforce sign-in.
 */
export async function updateBadge(db: Database): Promise<void> {
  const [count, runs] = await Promise.all([openCount(db), db.getAll('runs')]);
  const waiting = runs.some((r) => r.status === 'waiting');
  await browser.action.setBadgeBackgroundColor({ color: '#ba0517' });
  await browser.action.setBadgeText({ text: count > 0 ? String(count) : waiting ? '!' : '' });
  await browser.action.setTitle({
    title: waiting
      ? browser.i18n.getMessage('nightlyWaitingSignIn')
      : browser.i18n.getMessage('extName'),
  });
}
