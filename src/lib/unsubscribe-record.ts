import { nextRetryDelayMs, refusedRetryDelayMs, SEND_SETTLE_MS } from './backoff';
import type { AuditEntry, CoveredBy, MovedTo, UnsubscribeRecord } from './db/schema';
import type { Failure } from './failure';
import type { UnsubscribeView } from './messages';
import type { PersonObject } from './person-kinds';
import { emailKeyProperty } from './same-email';
import { isTransient, waitsForCure } from './salesforce/failure';

/**
 * How an unsubscribe moves through the outbox: every change is a pure function from the stored
 * record to the next one, so the background only loads, applies and saves.
 */

/** What a rep's click knows: the record and its org, the fields to set, who and where. */
export type ClickedUnsubscribe = Pick<
  UnsubscribeRecord,
  | 'orgId'
  | 'recordId'
  | 'object'
  | 'name'
  | 'email'
  | 'instanceUrl'
  | 'fields'
  | 'setByClick'
  | 'place'
> & {
  readonly who: string;
  readonly pageUrl: string;
  /** The records with the same email address this click also unsubscribes. */
  readonly covers?: readonly string[];
  /** Set on a record unsubscribed because the clicked one has its email address. */
  readonly coveredBy?: CoveredBy;
};

function withEntry(record: UnsubscribeRecord, entry: AuditEntry): readonly AuditEntry[] {
  return [...record.history, entry];
}

/**
 * The record a rep's click saves. A click on a record that already has a live unsubscribe
 * (waiting or confirmed) changes nothing, so a double click never sends twice.
 */
export function clicked(
  input: ClickedUnsubscribe,
  existing: UnsubscribeRecord | undefined,
  now: number,
): UnsubscribeRecord {
  if (existing && (existing.status === 'pending' || existing.status === 'confirmed')) {
    return existing;
  }
  const entry: AuditEntry = {
    at: now,
    who: input.who,
    action: 'unsubscribed',
    detail: input.pageUrl,
    ...(input.coveredBy ? { coveredBy: input.coveredBy } : {}),
  };
  return {
    orgId: input.orgId,
    recordId: input.recordId,
    object: input.object,
    name: input.name,
    email: input.email,
    ...emailKeyProperty(input.email),
    instanceUrl: input.instanceUrl,
    status: 'pending',
    fields: input.fields,
    setByClick: input.setByClick,
    source: 'click',
    createdAt: now,
    createdBy: input.who,
    pageUrl: input.pageUrl,
    attempts: 0,
    outcomeUnknown: false,
    nextAttemptAt: now,
    lastError: null,
    confirmedAt: null,
    history: existing ? [...existing.history, entry] : [entry],
    ...(input.covers && input.covers.length > 0 ? { covers: input.covers } : {}),
    // A click's Contact is never a person contact: its page was read as its Account, and
    // same-email lookups leave person contacts out.
    ...notPersonContactProperty(input.object),
    ...(input.place ? { place: input.place } : {}),
  };
}

/** The mark of a Contact unsubscribe known not to be a person contact's (`notPersonContact`). */
export function notPersonContactProperty(object: PersonObject): { notPersonContact?: true } {
  return object === 'Contact' ? { notPersonContact: true } : {};
}

/** A Contact unsubscribe checked before a write and found not to be a person contact's. */
export function checkedNotPersonContact(record: UnsubscribeRecord): UnsubscribeRecord {
  return { ...record, ...notPersonContactProperty(record.object) };
}

/** The record whose click unsubscribed this one for its email address, if that is why. */
export function coveredByOf(record: UnsubscribeRecord): CoveredBy | null {
  const last = record.history.findLast((e) => e.action === 'unsubscribed');
  return last?.coveredBy ?? null;
}

/**
 * Whether the nightly run opted this record out because another record with its email address
 * is (the `sameEmail` rule): its last entry is that import.
 */
export function isSameEmailImport(record: UnsubscribeRecord): boolean {
  const last = record.history.at(-1);
  return last?.action === 'imported' && last.coveredBy !== undefined;
}

/**
 * Marks a send as started; saved before the request leaves, so a killed worker is noticed, and
 * the send is tried again (read first) once it had time to settle (`SEND_SETTLE_MS`).
 */
export function sending(record: UnsubscribeRecord, now: number): UnsubscribeRecord {
  return {
    ...record,
    attempts: record.attempts + 1,
    outcomeUnknown: true,
    sentAt: now,
    nextAttemptAt: now + SEND_SETTLE_MS,
  };
}

/** A send of this record may still be on its way to Salesforce: nothing sends it again yet. */
export function isSettling(record: UnsubscribeRecord, now: number): boolean {
  return (
    record.status === 'pending' &&
    record.sentAt !== undefined &&
    now < record.sentAt + SEND_SETTLE_MS
  );
}

/** The record with its send answered: no longer settling. */
function answered(record: UnsubscribeRecord): UnsubscribeRecord {
  const { sentAt: _sent, ...rest } = record;
  return rest;
}

export function confirmed(record: UnsubscribeRecord, now: number): UnsubscribeRecord {
  return {
    ...answered(record),
    status: 'confirmed',
    outcomeUnknown: false,
    nextAttemptAt: null,
    lastError: null,
    confirmedAt: now,
    // What the nightly run will find already set, so it does not write it again.
    syncedFields: [...new Set([...(record.syncedFields ?? []), ...record.fields])],
    history: withEntry(record, { at: now, who: 'Salesforce', action: 'confirmed' }),
  };
}

/**
 * After a failed send: a transient failure is retried with backoff; a permanent one waits for a
 * person. Only a network failure leaves the outcome unknown: every other answer came from
 * Salesforce and said the change was not made.
 */
export function failed(
  record: UnsubscribeRecord,
  failure: Failure,
  now: number,
  random: () => number = Math.random,
): UnsubscribeRecord {
  const outcomeUnknown = failure.code === 'network';
  if (isTransient(failure.code)) {
    return {
      ...answered(record),
      status: 'pending',
      outcomeUnknown,
      nextAttemptAt: now + nextRetryDelayMs(Math.max(record.attempts, 1), failure.code, random),
      lastError: failure,
    };
  }
  // The API refused: kept queued, tried a bounded few times, then waiting (no retry time) for a
  // new session, Connect or a person; the outbox keeps such records in view (`waitsForCure`).
  if (waitsForCure(failure.code)) {
    const delay = refusedRetryDelayMs(Math.max(record.attempts, 1), failure.code, random);
    return {
      ...answered(record),
      status: 'pending',
      outcomeUnknown,
      nextAttemptAt: delay === null ? null : now + delay,
      lastError: failure,
    };
  }
  return {
    ...answered(record),
    status: 'failed',
    outcomeUnknown,
    nextAttemptAt: null,
    lastError: failure,
    history: withEntry(record, {
      at: now,
      who: 'Salesforce',
      action: 'failed',
      detail: failure.detail ?? failure.code,
    }),
  };
}

/**
 * The nightly run read the record in Salesforce with `setFields` checked: the record learns what
 * Salesforce has, and a waiting click whose fields are all there is confirmed.
 */
export function readByRun(
  record: UnsubscribeRecord,
  setFields: readonly string[],
  runId: string,
  now: number,
): UnsubscribeRecord {
  const complete = record.fields.length > 0 && record.fields.every((f) => setFields.includes(f));
  return {
    ...record,
    syncedFields: setFields,
    seenByRun: runId,
    ...(record.status === 'pending' && complete
      ? { status: 'confirmed', nextAttemptAt: null, confirmedAt: now }
      : {}),
  };
}

/**
 * The nightly run set the chosen fields in Salesforce: the record keeps what the next run will
 * find set and that this run saw it, and a waiting click is confirmed by the write.
 */
export function writtenByRun(
  record: UnsubscribeRecord,
  syncedFields: readonly string[],
  runId: string,
  now: number,
): UnsubscribeRecord {
  return {
    ...record,
    syncedFields,
    seenByRun: runId,
    ...(record.status === 'pending'
      ? { status: 'confirmed', nextAttemptAt: null, confirmedAt: now, lastError: null }
      : {}),
  };
}

/**
 * The nightly run's write was refused. A permanent failure is kept with its reason and not tried
 * again by later runs until a person asks; a transient one is simply tried again by the next
 * run, so the record comes back unchanged. Unlike after a send, the outcome stays as known as it
 * was: the answer is about the run's request, not about an earlier send from the outbox.
 */
export function runWriteFailed(
  record: UnsubscribeRecord,
  failure: Failure,
  now: number,
): UnsubscribeRecord {
  if (isTransient(failure.code) || waitsForCure(failure.code)) return record;
  const { outcomeUnknown, sentAt } = record;
  return {
    ...failed(record, failure, now),
    outcomeUnknown,
    ...(sentAt === undefined ? {} : { sentAt }),
  };
}

/**
 * A write found the record merged into another or converted into a Contact, or a check before
 * a write found a person contact: the unsubscribe belongs to the person, so it moves to the
 * record that now stands for them. Returns the old record and the one to send.
 *
 * The old record is kept, failed (as the write left it, or retired so for a person contact
 * found before any write), with a 'moved' entry: a pointer, so its history (R9) stays where the
 * rep last saw it and the card on a page still open says where it went; it is never sent again
 * (a failed record waits for a person, and Try again would only find the same move). The new one
 * carries the history and the 'moved' entry, waits to be sent with its outcome unknown, so the
 * sender reads the target first and writes only what it lacks. A target that already holds a
 * live unsubscribe keeps it, with the entry added.
 */
export function moved(
  record: UnsubscribeRecord,
  to: MovedTo,
  existing: UnsubscribeRecord | undefined,
  now: number,
): { readonly from: UnsubscribeRecord; readonly to: UnsubscribeRecord } {
  const entry: AuditEntry = { at: now, who: 'Salesforce', action: 'moved', movedTo: to };
  const from: UnsubscribeRecord = {
    ...record,
    ...(record.status === 'failed' ? {} : { status: 'failed', nextAttemptAt: null }),
    history: withEntry(record, entry),
  };
  if (existing && (existing.status === 'pending' || existing.status === 'confirmed'))
    return { from, to: { ...existing, history: withEntry(existing, entry) } };
  // Built field by field: what Salesforce had set on the old record (syncedFields) and the
  // records its click covered say nothing about the target.
  const target: UnsubscribeRecord = {
    orgId: record.orgId,
    recordId: to.recordId,
    object: to.object,
    name: record.name,
    email: record.email,
    ...emailKeyProperty(record.email),
    instanceUrl: record.instanceUrl,
    status: 'pending',
    // Another object's fields are decided when it is sent, from that object's describe.
    fields: to.object === record.object ? record.fields : [],
    // An Undo of the old click must not clear what the target had before the move.
    setByClick: [],
    source: record.source,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    pageUrl: record.pageUrl,
    attempts: 0,
    outcomeUnknown: true,
    nextAttemptAt: now,
    lastError: null,
    confirmedAt: null,
    history: [...(existing?.history ?? []), ...withEntry(record, entry)],
    // A merge master is a Contact of its own (person contacts merge through their Accounts);
    // a Lead may convert into a person contact, which is checked before the write.
    ...(to.reason === 'merged' ? notPersonContactProperty(to.object) : {}),
  };
  return { from, to: target };
}

/** Where a record's unsubscribe moved to, if it did. */
export function movedToOf(record: UnsubscribeRecord): MovedTo | null {
  return record.history.findLast((e) => e.action === 'moved')?.movedTo ?? null;
}

/** A person asked to try a failed unsubscribe again. */
export function retryRequested(
  record: UnsubscribeRecord,
  who: string,
  now: number,
): UnsubscribeRecord {
  if (record.status !== 'failed') return record;
  return {
    ...record,
    status: 'pending',
    // Decided again when sent: the admin may have fixed the field or changed the choice.
    fields: [],
    nextAttemptAt: now,
    history: withEntry(record, { at: now, who, action: 'retried' }),
  };
}

/** The rep's Undo: the unsubscribe is kept for its history, and is no longer one. */
export function undone(record: UnsubscribeRecord, who: string, now: number): UnsubscribeRecord {
  return {
    ...record,
    status: 'undone',
    nextAttemptAt: null,
    history: withEntry(record, { at: now, who, action: 'undone' }),
  };
}

/**
 * Whether the outbox holds this unsubscribe: it waits with a retry time, or for a cure after the
 * API refused it (a new session, Connect). A waiting one without either was made by the nightly
 * run (same email address), which writes it itself.
 */
export function isQueued(record: UnsubscribeRecord): boolean {
  return (
    record.status === 'pending' &&
    (record.nextAttemptAt !== null || waitsForCure(record.lastError?.code))
  );
}

export function isDue(record: UnsubscribeRecord, now: number): boolean {
  return (
    record.status === 'pending' && record.nextAttemptAt !== null && record.nextAttemptAt <= now
  );
}

/** How long after a click the rep may take it back with Undo. */
export const UNDO_WINDOW_MS = 10_000;

/** The part of a stored unsubscribe the widget shows. */
export function viewOf(record: UnsubscribeRecord | undefined): UnsubscribeView | null {
  if (!record) return null;
  const undoable = record.source === 'click' && record.status !== 'undone';
  return {
    status: record.status,
    lastError: record.lastError,
    createdAt: record.createdAt,
    undoUntil: undoable ? record.createdAt + UNDO_WINDOW_MS : null,
    movedTo: movedToOf(record),
  };
}
