import type { CoveredBy, RunRecord, UnsubscribeRecord } from '../db/schema';
import type { PersonObject } from '../person-kinds';
import { emailKeyProperty } from '../same-email';
import { isQueued, notPersonContactProperty, readByRun } from '../unsubscribe-record';

/**
 * The two directions of the nightly reconcile for one record, as plain decisions (R5, R6).
 * Neither ever produces a `false` to write nor drops a stored unsubscribe.
 */

/**
 * Salesforce -> extension: a row read from Salesforce with `setFields` checked. A record the
 * store does not hold (or holds as undone) becomes an import when anything is set; a stored one
 * learns what Salesforce has, and a waiting click whose fields are all there is confirmed.
 */
export function afterSalesforceRead(
  existing: UnsubscribeRecord | undefined,
  setFields: readonly string[],
  runId: string,
  now: number,
): 'import' | 'nothing' | UnsubscribeRecord {
  if (!existing || existing.status === 'undone') return setFields.length > 0 ? 'import' : 'nothing';
  return readByRun(existing, setFields, runId, now);
}

/**
 * Extension -> Salesforce: the chosen fields a stored unsubscribe still needs set, or 'skip'
 * (its object is skipped this run, or it failed and waits for a person), or none. A click the
 * outbox holds (`isQueued`) is the outbox's to send, never the run's as well: the two run side by
 * side (a resumed run beside the worker's start-up flush), and both sending it would write it
 * twice; the run flushes the outbox before it starts, so what can be sent is sent. On a full pass
 * only what is known fresh is trusted: what this run itself read, or a push Salesforce confirmed
 * after the run began (the outbox's flush beside a run: writing it again would be a second write
 * of the same click; a field unchecked after that confirmation is the next run's, through its
 * watermark).
 */
export function fieldsToWrite(
  record: UnsubscribeRecord,
  chosen: readonly string[] | undefined,
  run: Pick<RunRecord, 'id' | 'fullPass' | 'startedAt'>,
): readonly string[] | 'skip' {
  if (record.status === 'undone' || isQueued(record)) return [];
  if (!chosen || record.status === 'failed') return 'skip';
  const fresh = record.seenByRun === run.id || (record.confirmedAt ?? 0) >= run.startedAt;
  const known = run.fullPass && !fresh ? [] : (record.syncedFields ?? []);
  return chosen.filter((f) => !known.includes(f));
}

export interface SalesforceOptOut {
  readonly orgId: string;
  readonly instanceUrl: string;
  readonly recordId: string;
  readonly object: PersonObject;
  readonly name: string;
  readonly email: string | null;
  /** The opt-out fields Salesforce has checked. */
  readonly setFields: readonly string[];
}

/**
 * A person Salesforce has opted out, as the store keeps it (R5, R9): confirmed, from
 * "Salesforce", with any earlier history of the record (an undone click) kept.
 */
export function importedUnsubscribe(
  optOut: SalesforceOptOut,
  earlierHistory: UnsubscribeRecord['history'],
  runId: string,
  now: number,
): UnsubscribeRecord {
  return {
    orgId: optOut.orgId,
    recordId: optOut.recordId,
    object: optOut.object,
    name: optOut.name,
    email: optOut.email,
    ...emailKeyProperty(optOut.email),
    instanceUrl: optOut.instanceUrl,
    status: 'confirmed',
    fields: optOut.setFields,
    setByClick: [],
    source: 'salesforce',
    createdAt: now,
    createdBy: 'Salesforce',
    pageUrl: null,
    attempts: 0,
    outcomeUnknown: false,
    nextAttemptAt: null,
    lastError: null,
    confirmedAt: now,
    history: [
      ...earlierHistory,
      { at: now, who: 'Salesforce', action: 'imported', detail: optOut.setFields.join(', ') },
    ],
    syncedFields: optOut.setFields,
    seenByRun: runId,
    // The import reads no person contact (`writableSoqlFilters`).
    ...notPersonContactProperty(optOut.object),
  };
}

/**
 * A record read from Salesforce that lacks a chosen field while another record with its email
 * address is opted out (the `sameEmail` rule of R5): an unsubscribe of its own, from the nightly
 * run, whose history names that record. It waits for this run's export to set what is missing
 * (no retry time: the outbox leaves it to the nightly run, which writes it again should this run
 * be cut off). Any earlier history of the record (an undone click) is kept.
 */
export function sameEmailUnsubscribe(
  optOut: SalesforceOptOut,
  fields: readonly string[],
  coveredBy: CoveredBy,
  earlierHistory: UnsubscribeRecord['history'],
  runId: string,
  now: number,
): UnsubscribeRecord {
  const imported = importedUnsubscribe(optOut, earlierHistory, runId, now);
  return {
    ...imported,
    status: 'pending',
    fields,
    confirmedAt: null,
    history: [...earlierHistory, { at: now, who: 'Salesforce', action: 'imported', coveredBy }],
  };
}

/**
 * A stored unsubscribe as a read found its record: with the address Salesforce now holds, and
 * when that address is new to it, so the same-email phase looks up the address's other records.
 */
export function withReadAddress(
  record: UnsubscribeRecord,
  email: string | null,
  now: number,
): UnsubscribeRecord {
  const key = emailKeyProperty(email);
  if (key.emailKey === record.emailKey) return record;
  const { emailKey: _old, ...rest } = record;
  return { ...rest, email, ...key, addressSince: now };
}
