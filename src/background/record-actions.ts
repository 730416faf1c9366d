import { getUnsubscribe, putUnsubscribes } from '../lib/db/unsubscribes';
import type { RecordRef } from '../lib/ids';
import type { Database } from '../lib/db/open';
import type { UnsubscribeRecord } from '../lib/db/schema';
import type { UnsubscribeResponse } from '../lib/messages';
import { pushFields } from '../lib/opt-out-fields';
import { kindOfObject } from '../lib/person-kinds';
import { getFreshDescribe } from '../lib/db/org-cache';
import { writeOptOuts } from '../lib/salesforce/opt-out-writes';
import {
  clicked,
  confirmed,
  failed,
  retryRequested,
  undone,
  viewOf,
} from '../lib/unsubscribe-record';
import { updateBadge } from './badge';
import { cachedUserName, orgContextForPage, type OrgContext } from './org-context';
import { exclusive } from './serial';
import { flush } from './services';
import { loadSnapshot } from './snapshots';

async function current(ctx: OrgContext, ref: RecordRef): Promise<UnsubscribeResponse> {
  return { ok: true, unsubscribe: viewOf(await getUnsubscribe(ctx.db, ctx.session.orgId, ref.id)) };
}

/**
 * R2: a rep's click. Saved to IndexedDB first, from what is already known (the cached describe,
 * the state the widget showed), with no request; then sent at once by the outbox.
 */
export async function unsubscribe(ref: RecordRef, pageUrl: string): Promise<UnsubscribeResponse> {
  const ctx = await orgContextForPage(pageUrl);
  if ('ok' in ctx) return ctx;
  const { orgId, instanceUrl } = ctx.session;
  const now = Date.now();
  const [describe, snapshot, who, existing] = await Promise.all([
    getFreshDescribe(ctx.db, orgId, ref.object, now),
    loadSnapshot(orgId, ref.id),
    cachedUserName(ctx.db, orgId),
    getUnsubscribe(ctx.db, orgId, ref.id),
  ]);
  const plan = describe ? pushFields(kindOfObject(ref.object), ctx.settings, describe) : null;
  const fields = plan?.fields.map((f) => f.name) ?? [];
  let record = clicked(
    {
      orgId,
      recordId: ref.id,
      object: ref.object,
      name: snapshot?.name ?? '',
      email: snapshot?.email ?? null,
      instanceUrl,
      fields,
      setByClick: fields.filter((f) => snapshot?.values[f] !== true),
      who,
      pageUrl,
    },
    existing,
    now,
  );
  if (record === existing) return current(ctx, ref);
  if (plan && plan.problems.length > 0) {
    // R1b: a chosen field that is missing or read-only is never written; the rep is told which.
    record = failed(
      record,
      { ok: false, code: 'field-unavailable', fieldProblems: plan.problems },
      now,
    );
  } else if (plan && record.setByClick.length === 0) {
    // Salesforce already has every field set: nothing to send.
    record = confirmed(record, now);
  }
  await putUnsubscribes(ctx.db, [record], { durable: true });
  await updateBadge(ctx.db);
  await flush();
  return current(ctx, ref);
}

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
 * set (an explicit user action, so R6 does not forbid it), in one request, or nothing when the
 * click never reached Salesforce.
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
    const mayHaveApplied = record.status === 'confirmed' || record.outcomeUnknown;
    if (mayHaveApplied && record.setByClick.length > 0) {
      const [result] = await writeOptOuts(ctx.conn, [
        {
          recordId: record.recordId,
          object: record.object,
          fields: record.setByClick,
          value: false,
        },
      ]);
      if (!result?.ok) return result?.failure ?? { ok: false, code: 'salesforce' };
    }
    const who = await cachedUserName(ctx.db, ctx.session.orgId);
    await putUnsubscribes(ctx.db, [undone(record, who, now)]);
    await updateBadge(ctx.db);
    return current(ctx, ref);
  });
}
