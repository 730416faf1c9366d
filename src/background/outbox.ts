import { FIRST_RETRY_MS, isQuickRetry, SEND_SETTLE_MS } from '../lib/backoff';
import type { Database } from '../lib/db/open';
import type { UnsubscribeRecord } from '../lib/db/schema';
import { pendingUnsubscribes, putUnsubscribes, queuedUnsubscribes } from '../lib/db/unsubscribes';
import type { Failure } from '../lib/failure';
import { pushFields } from '../lib/opt-out-fields';
import { kindOfObject, standInFields } from '../lib/person-kinds';
import { groupBy } from '../lib/group-by';
import { failureOf } from '../lib/salesforce/failure';
import { readCheckboxes } from '../lib/salesforce/opt-out-reads';
import { COLLECTION_LIMIT, writeOptOuts } from '../lib/salesforce/opt-out-writes';
import { followMoves, movePersonContacts } from '../lib/record-moves';
import { confirmed, failed, isDue, isSettling, sending } from '../lib/unsubscribe-record';
import { describeFor, forgetDescribe } from './describe-cache';
import { judgedRefusal, sessionWorked } from './session-refusal';
// Types only: the outbox runs in Node tests, where the extension APIs cannot even be imported.
import type { Alarms, KeepAwake } from './extension-api';
import type { OrgContext } from './org-context';
import type { Serial } from './serial';

/**
 * The durable outbox. Unsubscribes are saved in IndexedDB before anything is sent; a flush sends
 * every due one, at most 200 per sObject Collections request, and saves each outcome. A flush
 * runs after each click, when the `outbox` alarm fires, when the worker starts (a killed worker's
 * sends resume) and when a new Salesforce session appears.
 */
export const OUTBOX_ALARM = 'outbox';

/**
 * Failures that a new session can cure: retried at once when the `sid` cookie changes or the org
 * is connected (Connect). A refused API ('api-disabled', 'api-not-approved') is retried then too:
 * one request per sign-in, never a loop.
 */
const WAITING_FOR_SESSION = new Set([
  'no-session',
  'session-expired',
  'api-disabled',
  'api-not-approved',
]);

/**
 * The longest a flush keeps the background awake (`keepAwake`): its few requests take seconds;
 * past this one hangs, and the send resumes from what was stored when the browser restarts the
 * background.
 */
const FLUSH_AWAKE_AT_MOST_MS = 5 * 60_000;

/** Why a flush runs; a queued flush gathers the reasons of every call it stands for. */
export interface FlushReason {
  /** A new `sid` appeared for this org: what waited for a session goes now. */
  readonly renewedInstanceUrl?: string;
  /** The retry alarm fired: everything waiting goes now, not only what its backoff has freed. */
  readonly retryAll?: boolean;
}

/** What the outbox needs from the world; the service worker wires the real ones. */
export interface OutboxDeps {
  readonly database: () => Promise<Database>;
  /** How to reach an org: its session, connection and settings, or why there is none. */
  readonly orgContext: (instanceUrl: string) => Promise<OrgContext | Failure>;
  /** Holds the retry alarm. */
  readonly alarms: Pick<Alarms, 'create' | 'clear'>;
  /** Shared with whatever must not run alongside a send (an Undo). */
  readonly exclusive: Serial;
  /** Keeps the background running through a flush, so a slow request is not cut off. */
  readonly keepAwake: KeepAwake;
  readonly now: () => number;
  /** The awake worker's own timer, for retries sooner than an alarm may fire. */
  readonly retryTimer: RetryTimer;
  readonly updateBadge: (db: Database) => Promise<void>;
}

/** One pending timer: setting it replaces the one before. */
export interface RetryTimer {
  set(delayMs: number, run: () => Promise<void>): void;
  clear(): void;
}

export interface Outbox {
  /**
   * Sends what is due. Calls that arrive while a flush runs share ONE next flush, which sends
   * everything saved by then: clicks that come together are coalesced into one request.
   */
  flush(reason?: FlushReason): Promise<void>;
}

function ready(record: UnsubscribeRecord, now: number, renewed: ReadonlySet<string>): boolean {
  if (isDue(record, now)) return true;
  return renewed.has(record.instanceUrl) && WAITING_FOR_SESSION.has(record.lastError?.code ?? '');
}

/** The fields a record sets, decided at the click; decided here when the click could not. */
async function withFields(
  ctx: OrgContext,
  record: UnsubscribeRecord,
): Promise<UnsubscribeRecord | Failure> {
  if (record.fields.length > 0) return record;
  const describe = await describeFor(ctx, record.object);
  const plan = pushFields(kindOfObject(record.object), ctx.settings, describe);
  if (plan.problems.length > 0)
    return { ok: false, code: 'field-unavailable', fieldProblems: plan.problems };
  const fields = plan.fields.map((f) => f.name);
  return { ...record, fields, setByClick: fields };
}

/**
 * The batch with its person contacts moved to their Person Accounts (`movePersonContacts`): the
 * Accounts take their place in the same request. Whether the org has Person Accounts is the
 * cached Contact describe's answer.
 */
async function personContactsMoved(
  ctx: OrgContext,
  batch: readonly UnsubscribeRecord[],
  now: number,
): Promise<UnsubscribeRecord[]> {
  const hasPersonAccounts = async () => {
    const describe = await describeFor(ctx, 'Contact');
    return (
      standInFields(
        'Contact',
        describe.fields.map((f) => f.name),
      ).length > 0
    );
  };
  const { stay, moved } = await movePersonContacts(ctx.db, ctx.conn, batch, hasPersonAccounts, now);
  return [...stay, ...moved];
}

/**
 * Records whose last send may have applied are read first: those Salesforce already has are
 * confirmed without writing again, so a retry after a lost response changes nothing twice.
 */
async function alreadyApplied(
  ctx: OrgContext,
  records: readonly UnsubscribeRecord[],
): Promise<Set<string>> {
  const applied = new Set<string>();
  const unknown = records.filter((r) => r.outcomeUnknown);
  for (const [object, group] of groupBy(unknown, (r) => r.object)) {
    const fields = [...new Set(group.flatMap((r) => r.fields))];
    const values = await readCheckboxes(
      ctx.conn,
      object,
      group.map((r) => r.recordId),
      fields,
    );
    for (const r of group) {
      const current = values.get(r.recordId);
      if (current && r.fields.every((f) => current[f] === true)) applied.add(r.recordId);
    }
  }
  return applied;
}

/**
 * A refused session is judged once per request (expired, or API Access Control: see
 * session-refusal.ts), whatever the number of records it failed; a request that got through
 * tells that the session works.
 */
async function judgedSessionFailure(
  ctx: OrgContext,
  results: Awaited<ReturnType<typeof writeOptOuts>>,
): Promise<Failure> {
  if (results.some((r) => r.ok)) await sessionWorked(ctx);
  const refused = results.find((r) => !r.ok && r.failure.errorCode === 'INVALID_SESSION_ID');
  return refused && !refused.ok
    ? judgedRefusal(ctx, refused.failure)
    : { ok: false, code: 'session-expired' };
}

/**
 * The earliest retry: a quick one on the worker's own timer, with the alarm as the fallback
 * should the worker be stopped first (Chrome fires a packed extension's alarm 30 s ahead at the
 * soonest); a slow one on the alarm alone. Nothing when nothing waits.
 */
async function scheduleNextAttempt(
  { database, alarms, now, retryTimer }: OutboxDeps,
  retry: () => Promise<void>,
): Promise<void> {
  const db = await database();
  const next = (await pendingUnsubscribes(db))
    .map((r) => r.nextAttemptAt)
    .filter((t): t is number => t !== null)
    .reduce((a, b) => Math.min(a, b), Infinity);
  const at = now();
  if (next === Infinity) {
    retryTimer.clear();
    await alarms.clear(OUTBOX_ALARM);
  } else if (isQuickRetry(next - at)) {
    retryTimer.set(Math.max(0, next - at), retry);
    await alarms.create(OUTBOX_ALARM, { when: at + FIRST_RETRY_MS });
  } else {
    retryTimer.clear();
    await alarms.create(OUTBOX_ALARM, { when: Math.max(next, at + 1000) });
  }
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const { database, orgContext, alarms, exclusive, now, updateBadge } = deps;
  let queued: Promise<void> | null = null;
  let renewed = new Set<string>();
  let retryAll = false;

  function flush(reason: FlushReason = {}): Promise<void> {
    if (reason.renewedInstanceUrl) renewed.add(reason.renewedInstanceUrl);
    retryAll ||= reason.retryAll === true;
    if (queued) return queued;
    const run = exclusive(async () => {
      queued = null;
      const reasons = { renewed, retryAll };
      renewed = new Set();
      retryAll = false;
      await deps.keepAwake(FLUSH_AWAKE_AT_MOST_MS, () =>
        flushNow(reasons.renewed, reasons.retryAll),
      );
    });
    queued = run;
    return run;
  }

  /**
   * An org with anything ready sends everything it has waiting: the backoff protects the org, and
   * one request carries up to 200 records whatever their own retry times, so after an outage the
   * whole queue goes in as few requests as possible.
   */
  async function flushNow(renewed: ReadonlySet<string>, retryAll: boolean): Promise<void> {
    const db = await database();
    const startedAt = now();
    // A send that may still be on its way waits out its settling time, whatever the reason for
    // this flush: read back too soon, it would be found missing and written twice.
    const queue = (await queuedUnsubscribes(db)).filter((r) => !isSettling(r, startedAt));
    const byOrg = groupBy(queue, (r) => r.instanceUrl);
    for (const [instanceUrl, records] of byOrg) {
      if (!retryAll && !records.some((r) => ready(r, startedAt, renewed))) continue;
      for (let i = 0; i < records.length; i += COLLECTION_LIMIT) {
        await sendBatch(instanceUrl, records.slice(i, i + COLLECTION_LIMIT));
      }
    }
    await scheduleNextAttempt(deps, () => flush({ retryAll: true }));
    await updateBadge(db);
  }

  async function sendBatch(
    instanceUrl: string,
    stored: readonly UnsubscribeRecord[],
  ): Promise<void> {
    const db = await database();
    const ctx = await orgContext(instanceUrl);
    if ('ok' in ctx) {
      await putUnsubscribes(
        db,
        stored.map((r) => failed(r, ctx, now())),
      );
      return;
    }
    let batch: UnsubscribeRecord[];
    try {
      batch = await personContactsMoved(ctx, stored, now());
    } catch (error) {
      const failure = failureOf(error);
      await putUnsubscribes(
        db,
        stored.map((r) => failed(r, failure, now())),
      );
      return;
    }
    const done: UnsubscribeRecord[] = [];
    let ready: UnsubscribeRecord[] = [];
    try {
      for (const record of batch) {
        const resolved = await withFields(ctx, record);
        if ('ok' in resolved) done.push(failed(record, resolved, now()));
        else ready.push(resolved);
      }
      const applied = await alreadyApplied(ctx, ready);
      done.push(...ready.filter((r) => applied.has(r.recordId)).map((r) => confirmed(r, now())));
      ready = ready.filter((r) => !applied.has(r.recordId));
    } catch (error) {
      const failure = await judgedRefusal(ctx, failureOf(error));
      await putUnsubscribes(db, [...done, ...ready.map((r) => failed(r, failure, now()))]);
      return;
    }
    // Saved before the request leaves: if the worker dies mid-request, the next flush knows, and
    // the alarm wakes a stopped background for it once the send has settled.
    const sentAt = now();
    const inFlight = ready.map((r) => sending(r, sentAt));
    await putUnsubscribes(db, [...done, ...inFlight]);
    await alarms.create(OUTBOX_ALARM, { when: sentAt + SEND_SETTLE_MS });
    const results = await writeOptOuts(
      ctx.conn,
      inFlight.map((r) => ({
        recordId: r.recordId,
        object: r.object,
        fields: r.fields,
        value: true,
      })),
    );
    const answeredAt = now();
    const refusal = await judgedSessionFailure(ctx, results);
    const outcomes = inFlight.map((r, i) => {
      const result = results[i];
      if (result?.ok) return confirmed(r, answeredAt);
      const failure = result?.failure ?? { ok: false as const, code: 'salesforce' as const };
      return failed(r, failure.errorCode === 'INVALID_SESSION_ID' ? refusal : failure, answeredAt);
    });
    await putUnsubscribes(db, outcomes);
    if (outcomes.some((r) => r.lastError?.code === 'field-unavailable')) {
      for (const object of new Set(outcomes.map((r) => r.object)))
        await forgetDescribe(ctx, object);
    }
    // A merged or converted record's unsubscribe moved to its successor: written there now.
    const movedOn = await followMoves(db, ctx.conn, outcomes, now());
    if (movedOn.length > 0) await sendBatch(instanceUrl, movedOn);
  }

  return { flush };
}
