import { getUnsubscribe, putUnsubscribes } from '../lib/db/unsubscribes';
import type { RecordRef } from '../lib/ids';
import type { Database } from '../lib/db/open';
import type { UnsubscribeRecord } from '../lib/db/schema';
import type { UnsubscribeResponse } from '../lib/messages';
import { unsubscribeAnswer } from '../lib/unsubscribe-answer';
import { retryRequested, viewOf } from '../lib/unsubscribe-record';
import { updateBadge } from './badge';
import { createUnsubscribe } from './click';
import { database } from './database';
import { cachedUserName, orgContextForPage, type OrgContext } from './org-context';
import { exclusive } from './serial';
import { flush } from './services';
import { loadSnapshot } from './snapshots';
import { undoClick } from './undo-click';

function current(ctx: OrgContext, ref: RecordRef): Promise<UnsubscribeResponse> {
  return unsubscribeAnswer(ctx.db, ctx.session.orgId, ref.id);
}

/** R2: a rep's click, wired to the service worker's database, session storage and outbox. */
export const unsubscribe = createUnsubscribe({
  database,
  orgContextForPage,
  loadSnapshot,
  userName: cachedUserName,
  updateBadge,
  flush,
  now: () => Date.now(),
});

/** A person asks, on the record or the options page, to send a failed unsubscribe again. */
export async function retryFailed(
  db: Database,
  record: UnsubscribeRecord | undefined,
): Promise<void> {
  if (record?.status !== 'failed') return;
  const who = await cachedUserName(db, record.orgId);
  await putUnsubscribes(db, [retryRequested(record, who, Date.now())]);
  await flush();
}

export async function retry(ref: RecordRef, pageUrl: string): Promise<UnsubscribeResponse> {
  const ctx = await orgContextForPage(pageUrl);
  if ('ok' in ctx) return ctx;
  await retryFailed(ctx.db, await getUnsubscribe(ctx.db, ctx.session.orgId, ref.id));
  return current(ctx, ref);
}

/**
 * The rep's Undo of their own click, within its window: it clears exactly the fields that click
 * set (an explicit user action, so R6 does not forbid it), on the record and on every record of
 * the same email address it covered, in one request, or nothing when the click never reached
 * Salesforce.
 */
export function undo(ref: RecordRef, pageUrl: string): Promise<UnsubscribeResponse> {
  return exclusive(async () => {
    const ctx = await orgContextForPage(pageUrl);
    if ('ok' in ctx) return ctx;
    const record = await getUnsubscribe(ctx.db, ctx.session.orgId, ref.id);
    const now = Date.now();
    const view = viewOf(record);
    // A little grace over the window the widget shows, for the message's own travel time.
    if (!record || !view?.undoUntil || now > view.undoUntil + 2_000) {
      return { ok: false, code: 'undo-expired' };
    }
    const who = await cachedUserName(ctx.db, ctx.session.orgId);
    const refused = await undoClick(ctx, record, who, now);
    await updateBadge(ctx.db);
    return refused ?? current(ctx, ref);
  });
}
