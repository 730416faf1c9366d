import type { Connection } from 'jsforce/core';
import type { Failure } from '../failure';
import { API_VERSION } from './connection';
import { failureOf, failureOfCode } from './failure';

/**
 * The Composite resource: several REST requests in ONE call. "The entire series of requests
 * counts as a single call toward your API limits", and a later subrequest can use an earlier
 * one's result through `@{referenceId.field}` in its url or body (REST API Developer Guide, "Send
 * Multiple Requests Using Composite",
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm;
 * request and result shapes: "Composite Request Body", requests_composite.htm, and "Composite
 * Subrequest Result", resources_composite_subrequest_result.htm).
 */

/** "You can have up to 25 subrequests in a single call." */
export const MAX_SUBREQUESTS = 25;
/**
 * "Up to 5 of these subrequests can be sObject Collections or query operations, including Query
 * and QueryAll requests" — and each "Query More" request for a query's next batch counts too.
 */
export const MAX_QUERY_SUBREQUESTS = 5;

export interface Subrequest {
  readonly method: 'GET' | 'PATCH' | 'POST';
  /** A `/services/data/vNN.N/…` path, or a reference to one (`@{q.nextRecordsUrl}`). */
  readonly url: string;
  /** Letters, digits and underscores: what later subrequests and the answer name it by. */
  readonly referenceId: string;
  readonly body?: unknown;
  /** Headers of this subrequest alone (e.g. the duplicate rule header of a write). */
  readonly httpHeaders?: Readonly<Record<string, string>>;
}

export interface SubrequestResult {
  readonly status: number;
  readonly body: unknown;
}

export type CompositeAnswer =
  | { readonly ok: true; readonly results: ReadonlyMap<string, SubrequestResult> }
  | { readonly ok: false; readonly failure: Failure };

interface RawResult {
  body?: unknown;
  httpStatusCode?: unknown;
  referenceId?: unknown;
}

/** The path of a query subrequest (the product's API version). */
export function queryUrl(soql: string): string {
  return `/services/data/v${API_VERSION}/query?q=${encodeURIComponent(soql)}`;
}

/** A reference to the next batch of the query answered as `referenceId`. */
export function nextBatchOf(referenceId: string): string {
  return `@{${referenceId}.nextRecordsUrl}`;
}

/**
 * Sends one Composite request (allOrNone off: one failed subrequest holds back only those that
 * depend on it) and returns each subrequest's status and body by referenceId. A failure of the
 * whole request — thrown by jsforce (session, limit, network) or answered as a result without a
 * referenceId (a limit of the composite itself) — comes back as one `failure`. `countCall` is
 * called once: the composite is one API call.
 */
export async function sendComposite(
  conn: Connection,
  subrequests: readonly Subrequest[],
  countCall: () => void,
): Promise<CompositeAnswer> {
  if (subrequests.length === 0 || subrequests.length > MAX_SUBREQUESTS)
    throw new RangeError(`a composite holds 1 to ${MAX_SUBREQUESTS} subrequests`);
  countCall();
  let answer: unknown;
  try {
    answer = await conn.request({
      method: 'POST',
      url: `/services/data/v${API_VERSION}/composite`,
      body: JSON.stringify({ allOrNone: false, compositeRequest: subrequests }),
      headers: { 'Content-Type': 'application/json' },
    });
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
  const raw = (answer as { compositeResponse?: unknown } | null)?.compositeResponse;
  if (!Array.isArray(raw))
    return { ok: false, failure: failureOfCode('', 'Salesforce answered the composite oddly') };
  const results = new Map<string, SubrequestResult>();
  for (const entry of raw as RawResult[]) {
    const status = typeof entry.httpStatusCode === 'number' ? entry.httpStatusCode : 0;
    if (typeof entry.referenceId !== 'string') {
      return { ok: false, failure: subrequestFailure({ status, body: entry.body }) ?? unknown() };
    }
    results.set(entry.referenceId, { status, body: entry.body });
  }
  return { ok: true, results };
}

const unknown = (): Failure => failureOfCode('', 'Salesforce refused the composite request');

/**
 * The failure a subrequest's result stands for, or null when it succeeded: an error result's body
 * is Salesforce's error envelope, `[{errorCode, message}]`.
 */
export function subrequestFailure(result: SubrequestResult | undefined): Failure | null {
  if (!result) return failureOfCode('', 'Salesforce left a subrequest unanswered');
  if (result.status >= 200 && result.status < 300) return null;
  const first = (Array.isArray(result.body) ? (result.body as unknown[])[0] : result.body) as
    { errorCode?: unknown; message?: unknown } | undefined;
  const code =
    typeof first?.errorCode === 'string' ? first.errorCode : `ERROR_HTTP_${result.status}`;
  const message = typeof first?.message === 'string' ? first.message : `HTTP ${result.status}`;
  return failureOfCode(code, message);
}

/**
 * A subrequest Salesforce did not execute because a reference it depends on named nothing (an
 * earlier query was `done`, so it had no `nextRecordsUrl`) or failed.
 */
export function isHalted(result: SubrequestResult | undefined): boolean {
  return subrequestFailure(result)?.errorCode === 'PROCESSING_HALTED';
}
