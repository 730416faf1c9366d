import type { Database } from '../lib/db/open';
import { openCount } from '../lib/db/unsubscribes';
import { message, setBadge } from './extension-api';

/**
 * The extension icon: its badge counts unsubscribes waiting for or refused by Salesforce, and
 * shows "!" with a tooltip when a nightly run waits for a Salesforce sign-in.
 */
export async function updateBadge(db: Database): Promise<void> {
  const [count, runs] = await Promise.all([openCount(db), db.getAll('runs')]);
  // A run stopped for the API budget goes on by itself at the org's next time: nothing to do.
  const waiting = runs.some((r) => r.status === 'waiting' && r.budgetStop === undefined);
  await setBadge({
    color: '#ba0517',
    text: count > 0 ? String(count) : waiting ? '!' : '',
    title: message(waiting ? 'nightlyWaitingSignIn' : 'extName'),
  });
}
