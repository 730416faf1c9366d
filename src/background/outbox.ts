import browser from 'webextension-polyfill';
import type { UnsubscribeRecord } from '../lib/db/schema';
import { pendingUnsubscribes, putUnsubscribes } from '../lib/db/unsubscribes';
import type { Failure } from '../lib/failure';
import { pushFields } from '../lib/opt-out-fields';
import { groupBy } from '../lib/group-by';
import { failureOf } from '../lib/salesforce/failure';
import { readCheckboxes } from '../lib/salesforce/opt-out-reads';
import { COLLECTION_LIMIT, writeOptOuts } from '../lib/salesforce/opt-out-writes';
import { confirmed, failed, isDue, sending } from '../lib/unsubscribe-record';
import { updateBadge } from './badge';
import { database } from './database';
import { describeFor, forgetDescribe, orgContext, type OrgContext } from './org-context';
import { exclusive } from './serial';

/**
 * The durable outbox. Unsubscribes are saved in IndexedDB before anything is sent; a flush sends
 * every due one, at most 200 per sObject Collections request, and saves each outcome. A flush
 * runs after each click, when the `outbox` alarm fires, when the worker starts (a killed worker's
 * sends resume) and when a new Salesforce session appears.
 */
export const OUTBOX_ALARM = 'outbox';

/** Failures that a new session can cure: retried at once when the `sid` cookie changes. */
const WAITING_FOR_SESSION = new Set(['no-session', 'session-expired']);

/** Why a flush runs; a queued flush gathers the reasons of every call it stands for. */
export interface FlushReason {
  /** A new `sid` appeared for this org: what waited for a session goes now. */
  readonly renewedInstanceUrl?: string;
  /** The retry alarm fired: everything waiting goes now, not only what its backoff has freed. */
  readonly retryAll?: boolean;
}

let queued: Promise<void> | null = null;
let renewed = new Set<string>();
let retryAll = false;

/**
 * Sends what is due. Calls that arrive while a flush runs share ONE next flush, which sends
 * everything saved by then: clicks that come together are coalesced into one request.
 */
export function flush(reason: FlushReason = {}): Promise<void> {
  if (reason.renewedInstanceUrl) renewed.add(reason.renewedInstanceUrl);
  retryAll ||= reason.retryAll === true;
  if (queued) return queued;
  const run = exclusive(async () => {
    queued = null;
    const reasons = { renewed, retryAll };
    renewed = new Set();
    retryAll = false;
    await flushNow(reasons.renewed, reasons.retryAll);
  });
  queued = run;
  return run;
}

function ready(record: UnsubscribeRecord, now: number, renewed: ReadonlySet<string>): boolean {
  if (isDue(record, now)) return true;
  return renewed.has(record.instanceUrl) && WAITING_FOR_SESSION.has(record.lastError?.code ?? '');
}

/**
 * An org with anything ready sends everything it has waiting: the backoff protects the org, and
 * one request carries up to 200 records whatever their own retry times, so after an outage the
 * whole queue goes in as few requests as possible.
 */
async function flushNow(renewed: ReadonlySet<string>, retryAll: boolean): Promise<void> {
  const db = await database();
  const now = Date.now();
  const byOrg = groupBy(await pendingUnsubscribes(db), (r) => r.instanceUrl);
  for (const [instanceUrl, records] of byOrg) {
    if (!retryAll && !records.some((r) => ready(r, now, renewed))) continue;
    for (let i = 0; i < records.length; i += COLLECTION_LIMIT) {
      await sendBatch(instanceUrl, records.slice(i, i + COLLECTION_LIMIT));
    }
  }
  await scheduleNextAttempt();
  await updateBadge(db);
}

/** The fields a record sets, decided at the click; decided here when the click could not. */
async function withFields(
  ctx: OrgContext,
  record: UnsubscribeRecord,
): Promise<UnsubscribeRecord | Failure> {
  if (record.fields.length > 0) return record;
  const describe = await describeFor(ctx, record.object);
  const kind = record.object === 'Account' ? 'PersonAccount' : record.object;
  const plan = pushFields(kind, ctx.settings, describe);
  if (plan.problems.length > 0)
    return { ok: false, code: 'field-unavailable', fieldProblems: plan.problems };
  const fields = plan.fields.map((f) => f.name);
  return { ...record, fields, setByClick: fields };
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

async function sendBatch(instanceUrl: string, batch: readonly UnsubscribeRecord[]): Promise<void> {
  const db = await database();
  const ctx = await orgContext(instanceUrl);
  if ('ok' in ctx) {
    await putUnsubscribes(
      db,
      batch.map((r) => failed(r, ctx, Date.now())),
    );
    return;
  }
  const done: UnsubscribeRecord[] = [];
  let ready: UnsubscribeRecord[] = [];
  try {
    for (const record of batch) {
      const resolved = await withFields(ctx, record);
      if ('ok' in resolved) done.push(failed(record, resolved, Date.now()));
      else ready.push(resolved);
    }
    const applied = await alreadyApplied(ctx, ready);
    done.push(...ready.filter((r) => applied.has(r.recordId)).map((r) => confirmed(r, Date.now())));
    ready = ready.filter((r) => !applied.has(r.recordId));
  } catch (error) {
    const failure = failureOf(error);
    await putUnsubscribes(db, [...done, ...ready.map((r) => failed(r, failure, Date.now()))]);
    return;
  }
  // Saved before the request leaves: if the worker dies mid-request, the next flush knows.
  const inFlight = ready.map(sending);
  await putUnsubscribes(db, [...done, ...inFlight]);
  const results = await writeOptOuts(
    ctx.conn,
    inFlight.map((r) => ({
      recordId: r.recordId,
      object: r.object,
      fields: r.fields,
      value: true,
    })),
  );
  const now = Date.now();
  const outcomes = inFlight.map((r, i) => {
    const result = results[i];
    return result?.ok
      ? confirmed(r, now)
      : failed(r, result?.failure ?? { ok: false, code: 'salesforce' }, now);
  });
  await putUnsubscribes(db, outcomes);
  if (outcomes.some((r) => r.lastError?.code === 'field-unavailable')) {
    for (const object of new Set(outcomes.map((r) => r.object))) await forgetDescribe(ctx, object);
  }
}

/** One alarm for the earliest retry; none when nothing waits. */
async function scheduleNextAttempt(): Promise<void> {
  const db = await database();
  const next = (await pendingUnsubscribes(db))
    .map((r) => r.nextAttemptAt)
    .filter((t): t is number => t !== null)
    .reduce((a, b) => Math.min(a, b), Infinity);
  if (next === Infinity) await browser.alarms.clear(OUTBOX_ALARM);
  else await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(next, Date.now() + 1000) });
}
