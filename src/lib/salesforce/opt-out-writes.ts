import type { Connection } from 'jsforce/core';
import type { Failure } from '../failure';
import { API_VERSION } from './connection';
import { MAX_QUERY_SUBREQUESTS, sendComposite, subrequestFailure } from './composite';
import { DUPLICATE_RULE_HEADER } from './duplicate-rule-header';
import { failureOf, failureOfCode } from './failure';
import type { PersonObject } from '../person-kinds';

/**
 * sObject Collections take at most 200 records per request, of any sObject types; the records of
 * each type are processed as a chunk, a new one at each change of type ({account1, account2,
 * contact1, account3} is three chunks), and a request can process up to 10 chunks:
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html
 */
export const COLLECTION_LIMIT = 200;

export interface OptOutWrite {
  readonly recordId: string;
  readonly object: PersonObject;
  readonly fields: readonly string[];
  /** true to opt out; false only for an explicit Undo of the rep's own click. */
  readonly value: boolean;
}

export type WriteResult =
  | { readonly recordId: string; readonly ok: true }
  | { readonly recordId: string; readonly ok: false; readonly failure: Failure };

interface CollectionsError {
  statusCode?: string;
  message?: string;
  /**
   * A DUPLICATES_DETECTED error's details (SOAP API Developer Guide, "DuplicateError" and
   * "DuplicateResult": https://developer.salesforce.com/docs/platform/api/guide/sforce-api-objects-duplicateresult.html).
   */
  duplicateResult?: { duplicateRule?: unknown };
}
interface CollectionsResult {
  id?: string | null;
  success?: boolean;
  errors?: CollectionsError[];
}

function isResultList(value: unknown): value is CollectionsResult[] {
  return Array.isArray(value) && value.every((r) => typeof r === 'object' && r !== null);
}

/** A write and where it stands in the caller's list. */
interface Placed {
  readonly write: OptOutWrite;
  readonly index: number;
}

/** A write's result and where its write stands in the caller's list. */
interface Answered {
  readonly index: number;
  readonly result: WriteResult;
}

/**
 * The writes with the records of each object together, objects in the order first seen and
 * records in their order within one: a request is then one chunk per object (three at most, of
 * the 10 allowed) however the caller mixed them, and the first record stays first.
 */
function byObject(writes: readonly OptOutWrite[]): Placed[] {
  const placed = writes.map((write, index) => ({ write, index }));
  const objects = [...new Set(writes.map((w) => w.object))];
  return objects.flatMap((object) => placed.filter((p) => p.write.object === object));
}

/**
 * Sets opt-out fields on records of any person objects: up to 200 in ONE sObject Collections
 * request (allOrNone off, so one bad record does not hold back the others), more in one request
 * per 200. Results line up with `writes`, whatever order the records were sent in. A
 * whole-request failure (session, limit, network) comes back as the same failure for every
 * record of that request.
 */
export async function writeOptOuts(
  conn: Connection,
  writes: readonly OptOutWrite[],
): Promise<WriteResult[]> {
  const ordered = byObject(writes);
  const results: Answered[] = [];
  for (let i = 0; i < ordered.length; i += COLLECTION_LIMIT) {
    results.push(...(await sendBatch(conn, ordered.slice(i, i + COLLECTION_LIMIT))));
  }
  return results.sort((a, b) => a.index - b.index).map((r) => r.result);
}

const COLLECTIONS_URL = `/services/data/v${API_VERSION}/composite/sobjects`;

/** The body of one sObject Collections update (allOrNone off) of at most 200 records. */
function collectionBody(batch: readonly Placed[]): { allOrNone: false; records: unknown[] } {
  const records = batch.map(({ write: w }) => ({
    attributes: { type: w.object },
    Id: w.recordId,
    ...Object.fromEntries(w.fields.map((f) => [f, w.value])),
  }));
  return { allOrNone: false, records };
}

/** One sObject Collections request of at most 200 records, in the order given. */
async function sendBatch(conn: Connection, batch: readonly Placed[]): Promise<Answered[]> {
  let response: unknown;
  try {
    response = await conn.request({
      method: 'PATCH',
      url: COLLECTIONS_URL,
      body: JSON.stringify(collectionBody(batch)),
      // An "Allow" duplicate rule (alert) must not hold back an opt-out: duplicate-rule-header.ts.
      headers: { 'Content-Type': 'application/json', ...DUPLICATE_RULE_HEADER },
    });
  } catch (error) {
    const failure = failureOf(error);
    return batch.map(({ write, index }) => ({ index, result: failed(write, failure) }));
  }
  return answeredBatch(batch, response);
}

/** Records per Composite request of writes: five sObject Collections subrequests of 200. */
export const COMPOSITE_WRITE_LIMIT = MAX_QUERY_SUBREQUESTS * COLLECTION_LIMIT;

/** A write's result in a Composite request, and whether its whole request or subrequest failed. */
export interface CompositeWriteResult {
  readonly result: WriteResult;
  /** The failure was the whole composite's or its subrequest's, not this record's own. */
  readonly wholeRequest: boolean;
}

/**
 * Sets opt-out fields on up to COMPOSITE_WRITE_LIMIT (1,000) records in ONE Composite request
 * (one API call): sObject Collections subrequests of 200 (records of each object together), each
 * carrying the duplicate rule header among its own `httpHeaders`, the place the Composite
 * resource takes a subrequest's headers ("Composite Request Body": "You can include any header
 * supported by the requested resource"). Results line up with `writes`.
 */
export async function writeOptOutsInComposite(
  conn: Connection,
  writes: readonly OptOutWrite[],
  countCall: () => void,
): Promise<CompositeWriteResult[]> {
  if (writes.length > COMPOSITE_WRITE_LIMIT)
    throw new RangeError(`at most ${COMPOSITE_WRITE_LIMIT} writes in one composite`);
  const ordered = byObject(writes);
  const batches: Placed[][] = [];
  for (let i = 0; i < ordered.length; i += COLLECTION_LIMIT)
    batches.push(ordered.slice(i, i + COLLECTION_LIMIT));
  const answer = await sendComposite(
    conn,
    batches.map((batch, i) => ({
      method: 'PATCH',
      url: COLLECTIONS_URL,
      referenceId: `write${i}`,
      body: collectionBody(batch),
      httpHeaders: { ...DUPLICATE_RULE_HEADER },
    })),
    countCall,
  );
  const answered = batches.flatMap((batch, i) => {
    const whole = (failure: Failure) =>
      batch.map(({ write, index }) => ({
        index,
        result: failed(write, failure),
        wholeRequest: true,
      }));
    if (!answer.ok) return whole(answer.failure);
    const result = answer.results.get(`write${i}`);
    const failure = subrequestFailure(result);
    if (failure) return whole(failure);
    return answeredBatch(batch, result?.body).map((a) => ({ ...a, wholeRequest: false }));
  });
  return answered
    .sort((a, b) => a.index - b.index)
    .map(({ result, wholeRequest }) => ({ result, wholeRequest }));
}

/** Salesforce's per-record results of one Collections batch, lined up with it. */
function answeredBatch(batch: readonly Placed[], response: unknown): Answered[] {
  if (!isResultList(response) || response.length !== batch.length) {
    const failure = failureOfCode('', 'Salesforce answered the update with an unexpected response');
    return batch.map(({ write, index }) => ({ index, result: failed(write, failure) }));
  }
  // Results come back in the order of the records sent.
  return batch.map(({ write, index }, i) => ({ index, result: resultOf(write, response[i]) }));
}

function failed(write: OptOutWrite, failure: Failure): WriteResult {
  return { recordId: write.recordId, ok: false, failure };
}

function resultOf(write: OptOutWrite, result: CollectionsResult | undefined): WriteResult {
  if (result?.success === true) return { recordId: write.recordId, ok: true };
  const error = result?.errors?.[0] ?? {};
  return failed(write, failureOfCode(error.statusCode ?? '', errorDetail(error)));
}

/** Salesforce's message, with the duplicate rule that refused the record when it names one. */
function errorDetail(error: CollectionsError): string {
  const message = error.message ?? '';
  const rule = error.duplicateResult?.duplicateRule;
  return typeof rule === 'string' && rule && !message.includes(rule)
    ? `${message} (${rule})`
    : message;
}
