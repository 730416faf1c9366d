import type { Database } from '../lib/db/open';
import { getFreshDescribe } from '../lib/db/org-cache';
import type { UnsubscribeRecord } from '../lib/db/schema';
import { getUnsubscribe, putUnsubscribes } from '../lib/db/unsubscribes';
import type { Failure } from '../lib/failure';
import type { RecordRef } from '../lib/ids';
import type { UnsubscribeResponse } from '../lib/messages';
import { pushFields } from '../lib/opt-out-fields';
import { kindOfObject } from '../lib/person-kinds';
import type { ClickSnapshot } from '../lib/same-email';
import { unsubscribeAnswer } from '../lib/unsubscribe-answer';
import { clicked, confirmed, failed } from '../lib/unsubscribe-record';
// Types only: the click runs in Node tests, where the extension APIs cannot even be imported.
import type { OrgContext } from './org-context';

/**
 * How long a click waits for the database to open. An open normally takes milliseconds; one
 * that waits for an upgrade blocked by another connection never ends by itself, and the rep must
 * hear that the click was not kept rather than watch "Unsubscribing…" forever.
 */
export const OPEN_TIMEOUT_MS = 5_000;

/** What a click needs from the world; the service worker wires the real ones. */
export interface ClickDeps {
  readonly database: () => Promise<Database>;
  readonly orgContextForPage: (pageUrl: string) => Promise<OrgContext | Failure>;
  /**
   * The last state the widget showed for the record (what the click sets), with the records of
   * the same email address it would also unsubscribe.
   */
  readonly loadSnapshot: (orgId: string, recordId: string) => Promise<ClickSnapshot | null>;
  /** The rep's cached name for the audit trail: never a request. */
  readonly userName: (db: Database, orgId: string) => Promise<string>;
  readonly updateBadge: (db: Database) => Promise<void>;
  /** The outbox: sends what is saved. */
  readonly flush: () => Promise<void>;
  readonly now: () => number;
  readonly openTimeoutMs?: number;
}

/** A click already live (waiting or confirmed) is `unchanged`: a double click sends once. */
type SaveOutcome = 'saved' | 'unchanged' | 'not-saved';

const NOT_SAVED: Failure = { ok: false, code: 'not-saved' };

/** The database, or null when it cannot be opened (or not within `ms`). */
async function openWithin(database: () => Promise<Database>, ms: number): Promise<Database | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([database(), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * R2: a rep's click. Saved to IndexedDB first, from what is already known (the cached describe,
 * the state the widget showed, the same-email records it found), with no request; then sent at
 * once by the outbox, the clicked record and those it covers in one Collections request. A click the
 * browser could not store is answered 'not-saved' and sends nothing: the outbox is the only
 * sender, and what is not in it is never sent nor shown as waiting.
 */
export function createUnsubscribe(
  deps: ClickDeps,
): (ref: RecordRef, pageUrl: string) => Promise<UnsubscribeResponse> {
  /**
   * The unsubscribes of the records with the clicked one's address (`sameEmail`), from what the
   * card's state read found: each sets the push fields of its own kind that were still false,
   * and says whose click it came from. One already live is left as it is.
   */
  async function coveredOfClick(
    ctx: OrgContext,
    clickedRef: RecordRef & { readonly name: string },
    snapshot: ClickSnapshot | null,
    who: string,
    pageUrl: string,
    now: number,
  ): Promise<UnsubscribeRecord[]> {
    if (!ctx.settings.sameEmail) return [];
    const { orgId, instanceUrl } = ctx.session;
    const coveredBy = { recordId: clickedRef.id, object: clickedRef.object, name: clickedRef.name };
    const records = await Promise.all(
      (snapshot?.covered ?? []).map(async (c) => {
        const existing = await getUnsubscribe(ctx.db, orgId, c.recordId);
        const input = { ...c, orgId, instanceUrl, who, pageUrl, coveredBy };
        const record = clicked(input, existing, now);
        return record === existing ? null : record;
      }),
    );
    return records.filter((r) => r !== null);
  }

  /**
   * The records this click saves: the clicked one first, then those it also covers; only the
   * stored one when the click changes nothing.
   */
  async function recordsOfClick(
    ctx: OrgContext,
    ref: RecordRef,
    pageUrl: string,
    now: number,
  ): Promise<{ records: UnsubscribeRecord[]; changed: boolean }> {
    const { orgId, instanceUrl } = ctx.session;
    const [describe, snapshot, who, existing] = await Promise.all([
      getFreshDescribe(ctx.db, orgId, ref.object, now),
      deps.loadSnapshot(orgId, ref.id),
      deps.userName(ctx.db, orgId),
      getUnsubscribe(ctx.db, orgId, ref.id),
    ]);
    const plan = describe ? pushFields(kindOfObject(ref.object), ctx.settings, describe) : null;
    const fields = plan?.fields.map((f) => f.name) ?? [];
    const name = snapshot?.name ?? '';
    const blocked = plan !== null && plan.problems.length > 0;
    // A click that cannot be sent for its own record covers nobody: the rep fixes it first.
    const covered = blocked
      ? []
      : await coveredOfClick(ctx, { ...ref, name }, snapshot, who, pageUrl, now);
    const input = {
      orgId,
      recordId: ref.id,
      object: ref.object,
      name,
      email: snapshot?.email ?? null,
      instanceUrl,
      fields,
      setByClick: fields.filter((f) => snapshot?.values[f] !== true),
      who,
      pageUrl,
      covers: covered.map((r) => r.recordId),
    };
    const record = clicked(input, existing, now);
    if (record === existing) return { records: [record], changed: false };
    if (plan && blocked) {
      // R1b: a chosen field that is missing or read-only is never written; the rep is told which.
      const failure: Failure = {
        ok: false,
        code: 'field-unavailable',
        fieldProblems: plan.problems,
      };
      return { records: [failed(record, failure, now)], changed: true };
    }
    // Salesforce already has every field set: nothing to send for the clicked record itself.
    if (plan && record.setByClick.length === 0)
      return { records: [confirmed(record, now), ...covered], changed: true };
    return { records: [record, ...covered], changed: true };
  }

  /**
   * Saves the click on the disk. Any failure before the record is stored (quota exceeded,
   * IndexedDB gone, session storage unreadable) means nothing was kept.
   */
  async function save(ctx: OrgContext, ref: RecordRef, pageUrl: string): Promise<SaveOutcome> {
    try {
      const { records, changed } = await recordsOfClick(ctx, ref, pageUrl, deps.now());
      if (!changed) return 'unchanged';
      // One strict transaction: the click and every record it covers are kept, or none is.
      await putUnsubscribes(ctx.db, records, { durable: true });
      return 'saved';
    } catch {
      return 'not-saved';
    }
  }

  return async (ref, pageUrl) => {
    if (!(await openWithin(deps.database, deps.openTimeoutMs ?? OPEN_TIMEOUT_MS))) return NOT_SAVED;
    const ctx = await deps.orgContextForPage(pageUrl);
    if ('ok' in ctx) return ctx;
    const outcome = await save(ctx, ref, pageUrl);
    if (outcome === 'not-saved') return NOT_SAVED;
    if (outcome === 'saved') {
      await deps.updateBadge(ctx.db);
      await deps.flush();
    }
    return unsubscribeAnswer(ctx.db, ctx.session.orgId, ref.id);
  };
}
