import type { Connection } from 'jsforce/core';
import type { Failure } from '../failure';
import { API_VERSION } from './connection';
import { failureOf, failureOfCode } from './failure';
import type { PersonObject } from '../person-kinds';

/** sObject Collections take at most 200 records per request. */
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
}
interface CollectionsResult {
  id?: string | null;
  success?: boolean;
  errors?: CollectionsError[];
}

function isResultList(value: unknown): value is CollectionsResult[] {
  return Array.isArray(value) && value.every((r) => typeof r === 'object' && r !== null);
}

/**
 * Sets opt-out fields on up to 200 records of any person objects in ONE sObject Collections
 * request (allOrNone off, so one bad record does not hold back the others). A whole-request
 * failure (session, limit, network) comes back as the same failure for every record.
 */
export async function writeOptOuts(
  conn: Connection,
  writes: readonly OptOutWrite[],
): Promise<WriteResult[]> {
  if (writes.length === 0) return [];
  if (writes.length > COLLECTION_LIMIT) {
    throw new RangeError(`at most ${COLLECTION_LIMIT} records per request, got ${writes.length}`);
  }
  const records = writes.map((w) => ({
    attributes: { type: w.object },
    Id: w.recordId,
    ...Object.fromEntries(w.fields.map((f) => [f, w.value])),
  }));
  let response: unknown;
  try {
    response = await conn.request({
      method: 'PATCH',
      url: `/services/data/v${API_VERSION}/composite/sobjects`,
      body: JSON.stringify({ allOrNone: false, records }),
      headers: { 'Content-Type': 'application/json' },
    });
  } catch (error) {
    const failure = failureOf(error);
    return writes.map((w) => ({ recordId: w.recordId, ok: false, failure }));
  }
  if (!isResultList(response) || response.length !== writes.length) {
    const failure = failureOfCode('', 'Salesforce answered the update with an unexpected response');
    return writes.map((w) => ({ recordId: w.recordId, ok: false, failure }));
  }
  // Results come back in the order of the records sent.
  return writes.map((w, i) => {
    const result = response[i] as CollectionsResult;
    if (result.success === true) return { recordId: w.recordId, ok: true };
    const error = result.errors?.[0] ?? {};
    return {
      recordId: w.recordId,
      ok: false,
      failure: failureOfCode(error.statusCode ?? '', error.message ?? ''),
    };
  });
}
