import type { UnsubscribeStatus } from '../lib/db/schema';
import { getUnsubscribe } from '../lib/db/unsubscribes';
import type { RecordRef } from '../lib/ids';
import type { PageRefreshResponse } from '../lib/messages';
import { fireRefreshView } from '../lib/refresh-view';
import type { PageDocument } from '../lib/sender';
import { database } from './database';
import { runInPageWorld } from './extension-api';
import { instanceUrlForPage, sessionFor } from './session';

/** What the extension wrote to Salesforce: the push landed, or an Undo cleared it again. */
const WRITTEN: ReadonlySet<UnsubscribeStatus> = new Set(['confirmed', 'undone']);

const NOT_REFRESHED: PageRefreshResponse = { ok: true, refreshed: false };

/**
 * The record page's own fields were drawn before the extension's write reached Salesforce, so
 * they show the old value: asks the page that sent the message to redraw them from Salesforce
 * (`fireRefreshView`, in the page's world). Only after a write the extension's store holds for the
 * record, and only in the document the content script runs in (a Salesforce page, as the sender
 * check said): no other page, no other record's change.
 */
export async function refreshPage(
  record: RecordRef,
  pageUrl: string,
  from: PageDocument | null,
): Promise<PageRefreshResponse> {
  if (!from) return NOT_REFRESHED;
  const instanceUrl = instanceUrlForPage(pageUrl);
  const session = instanceUrl ? await sessionFor(instanceUrl) : null;
  if (!session) return { ok: false, code: 'no-session' };
  const stored = await getUnsubscribe(await database(), session.orgId, record.id);
  if (!stored || !WRITTEN.has(stored.status)) return NOT_REFRESHED;
  try {
    return { ok: true, refreshed: (await runInPageWorld(from, fireRefreshView)) === true };
  } catch {
    // The tab was closed, or loaded another document, since the message left.
    return NOT_REFRESHED;
  }
}
