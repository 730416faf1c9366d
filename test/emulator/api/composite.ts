import { chargeServerTime } from '../control/latency';
import type { SubrequestLog } from '../control/request-log';
import { UndoLog } from '../data/org';
import { jsonBody, type ApiRequest, type EmulatorContext, type Handler } from '../http/context';
import { json, sfError, type Reply } from '../http/reply';
import type { RequestKind } from '../http/request-kind';
import { matchRoute } from '../http/routes';

/**
 * POST /services/data/vNN.N/composite, as the REST API Developer Guide documents it:
 * - "Send Multiple Requests Using Composite"
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm):
 *   a series of subrequests in ONE call, "The entire series of requests counts as a single call
 *   toward your API limits"; up to 25 subrequests, of which up to 5 may be query operations
 *   (Query, QueryAll, and "Query More" requests for the next batch of a query's results) or
 *   sObject Collections; a later subrequest refers to an earlier one's result in its url or body.
 * - "Composite Request Body" (requests_composite.htm): `allOrNone` (true: "the entire composite
 *   request is rolled back"; false: "the remaining subrequests that don't depend on the failed
 *   subrequest are executed. Dependent subrequests aren't executed"; either way the top-level
 *   request returns HTTP 200), `collateSubrequests`, `compositeRequest: [{method, url,
 *   referenceId, body, httpHeaders}]`; references `@{referenceId.field}`, `.` into an object and
 *   `[n]` into a collection, recursively (`@{q.records[0].Id}`, `@{q.nextRecordsUrl}`).
 * - "Composite Subrequest Result" (resources_composite_subrequest_result.htm): `{body,
 *   httpHeaders, httpStatusCode, referenceId}`; an error's body is the error envelope; "If
 *   allOrNone is set to true in the composite request and a subrequest returns an error, all
 *   other subrequests return the 400 HTTP status code"; a referenceId holds only letters,
 *   numbers and underscores.
 *
 * The guide names the limits, not the error they get; the shape used is the one Salesforce has
 * been seen to answer for more than 25 ("LIMIT_EXCEEDED", "The request can’t contain more than
 * 25 operations.", one result with `referenceId: null`, the top level 200). The message for more
 * than 5 query / Collections operations follows it (this emulator's wording). The messages of
 * PROCESSING_HALTED (a reference that resolves to nothing; a subrequest rolled back by
 * allOrNone) are Salesforce's as clients report them.
 *
 * Subrequests run in order (collation only reorders unrelated subrequests; every subrequest the
 * product chains depends on the one before), each through the emulator's own route handler
 * (`runSubrequest`), without counting toward the API limit again.
 */

export const MAX_SUBREQUESTS = 25;
export const MAX_QUERY_OR_COLLECTION_SUBREQUESTS = 5;

/** The kinds the 5-operation limit counts: queries, query-mores and sObject Collections. */
const LIMITED_KINDS: ReadonlySet<RequestKind> = new Set([
  'query',
  'queryAll',
  'queryMore',
  'collections-update',
  'collections-retrieve',
]);

/** The resources Composite supports: sObject resources, Query, QueryAll, sObject Collections. */
const SUPPORTED_KINDS: ReadonlySet<RequestKind> = new Set([
  ...LIMITED_KINDS,
  'sobject-info',
  'describe',
  'retrieve',
  'update',
]);

const REFERENCE_ID = /^[A-Za-z0-9_]+$/;
const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g;

interface Subrequest {
  readonly method: string;
  readonly url: string;
  readonly referenceId: string;
  readonly body?: unknown;
  readonly httpHeaders?: Readonly<Record<string, string>>;
}

interface SubrequestResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string | null;
}

function isSubrequest(value: unknown): value is Subrequest {
  const s = value as Partial<Subrequest> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.method === 'string' &&
    typeof s.url === 'string' &&
    typeof s.referenceId === 'string'
  );
}

const errorBody = (errorCode: string, message: string) => [{ errorCode, message }];

/** The whole composite refused for a limit: one result, no subrequest run. */
function limitExceeded(message: string): Reply {
  const result: SubrequestResult = {
    body: errorBody('LIMIT_EXCEEDED', message),
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId: null,
  };
  return json(200, { compositeResponse: [result] });
}

/** The kind a subrequest's url names, or null when it is no REST resource of this version. */
function kindOf(sub: Subrequest, request: ApiRequest): RequestKind | null {
  // A url that is a reference to a query's next batch is a Query More before it is resolved.
  if (/^@\{[A-Za-z0-9_]+\.nextRecordsUrl\}$/.test(sub.url)) return 'queryMore';
  const path = new URL(sub.url, 'https://emulator.invalid').pathname;
  const match = matchRoute(sub.method.toUpperCase(), request.hostClass, path);
  return match.route?.surface === 'rest' ? match.route.kind : null;
}

export const composite: Handler = async (request, context) => {
  const body = jsonBody(request) as { allOrNone?: unknown; compositeRequest?: unknown } | undefined;
  const subs = body?.compositeRequest;
  if (!Array.isArray(subs) || !subs.every(isSubrequest)) {
    return sfError(
      400,
      'JSON_PARSER_ERROR',
      'Expected a JSON object with a compositeRequest array of {method, url, referenceId}.',
    );
  }
  if (subs.length > MAX_SUBREQUESTS)
    return limitExceeded(`The request can’t contain more than ${MAX_SUBREQUESTS} operations.`);
  const limited = subs.filter((s) => {
    const kind = kindOf(s, request);
    return kind !== null && LIMITED_KINDS.has(kind);
  }).length;
  if (limited > MAX_QUERY_OR_COLLECTION_SUBREQUESTS)
    return limitExceeded(
      `The request can’t contain more than ${MAX_QUERY_OR_COLLECTION_SUBREQUESTS} query, queryMore or sObject Collections operations.`,
    );
  const allOrNone = body?.allOrNone === true;
  const results: SubrequestResult[] = [];
  const logs: SubrequestLog[] = [];
  const byReference = new Map<string, SubrequestResult>();
  const undo = new UndoLog();
  let lost: Reply['lost'];
  for (const sub of subs) {
    const resolved = resolveReferences(sub, byReference);
    const ran =
      'error' in resolved
        ? { result: halted(sub, resolved.error), log: null, lost: undefined }
        : await runSubrequest(resolved.sub, request, context, undo);
    results.push(ran.result);
    if (ran.log) logs.push(ran.log);
    if (REFERENCE_ID.test(sub.referenceId)) byReference.set(sub.referenceId, ran.result);
    if (ran.lost) {
      lost = ran.lost;
      if (lost === 'drop') break;
    }
    if (allOrNone && ran.result.httpStatusCode >= 400) break;
  }
  const failed = results.find((r) => r.httpStatusCode >= 400);
  if (allOrNone && failed) {
    undo.rollBack();
    const rolledBack = subs.map((sub): SubrequestResult => {
      const own = results.find((r) => r.referenceId === sub.referenceId);
      return own === failed
        ? own
        : {
            body: errorBody(
              'PROCESSING_HALTED',
              'The transaction was rolled back since another operation in the same transaction failed.',
            ),
            httpHeaders: {},
            httpStatusCode: 400,
            referenceId: sub.referenceId,
          };
    });
    return { ...json(200, { compositeResponse: rolledBack }), subrequests: logs, lost };
  }
  return { ...json(200, { compositeResponse: results }), subrequests: logs, lost };
};

function halted(sub: Subrequest, message: string): SubrequestResult {
  return {
    body: errorBody('PROCESSING_HALTED', message),
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId: sub.referenceId,
  };
}

/** The value at `path` (`.field`, `[n]`) of an earlier result's body, or undefined. */
function valueAt(body: unknown, path: string): unknown {
  let value = body;
  for (const [, field, index] of path.matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    value =
      field !== undefined
        ? (value as Record<string, unknown>)[field]
        : (value as unknown[])[Number(index)];
  }
  return value;
}

/**
 * The subrequest with every `@{ref.path}` of its url and body replaced by the value it names; an
 * error when a reference names no earlier subrequest, one that failed, or nothing in its result
 * (a query that was `done` has no `nextRecordsUrl`): the subrequest depends on what did not
 * happen and is not executed.
 */
function resolveReferences(
  sub: Subrequest,
  earlier: ReadonlyMap<string, SubrequestResult>,
): { sub: Subrequest } | { error: string } {
  let error: string | null = null;
  const replace = (text: string): string =>
    text.replace(REFERENCE, (whole, ref: string, path: string) => {
      const result = earlier.get(ref);
      const value = result && result.httpStatusCode < 400 ? valueAt(result.body, path) : undefined;
      if (value === undefined || value === null || typeof value === 'object') {
        error ??= `Invalid reference specified. No value for ${ref}${path} found in ${ref}. Provided referenceId ('${ref}') must start with a letter and must only contain alphanumeric characters and underscores.`;
        return whole;
      }
      return String(value);
    });
  const url = replace(sub.url);
  const body =
    sub.body === undefined ? undefined : (JSON.parse(replace(JSON.stringify(sub.body))) as unknown);
  return error ? { error } : { sub: { ...sub, url, body } };
}

/**
 * Runs one subrequest through the route that serves its url, as the same user and without
 * counting it toward the API limit (the composite was counted). Faults aimed at the subrequest's
 * own kind apply to it (its latency delays it; a whole-request error becomes its result; record
 * faults reach its records; a dropped or lost response loses the whole composite's). This is the one place each
 * subrequest passes through, where a per-subrequest server time would be charged.
 */
async function runSubrequest(
  sub: Subrequest,
  request: ApiRequest,
  context: EmulatorContext,
  undo: UndoLog,
): Promise<{ result: SubrequestResult; log: SubrequestLog; lost: Reply['lost'] }> {
  const url = new URL(sub.url, 'https://emulator.invalid');
  const method = sub.method.toUpperCase();
  const match = matchRoute(method, request.hostClass, url.pathname);
  const kind = match.route?.surface === 'rest' ? match.route.kind : 'api-not-found';
  const headers = Object.fromEntries(
    Object.entries(sub.httpHeaders ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const log: SubrequestLog = {
    kind,
    method,
    path: url.pathname,
    referenceId: sub.referenceId,
    ...(sub.body === undefined ? {} : { requestBody: JSON.stringify(sub.body) }),
    ...(headers['sforce-duplicate-rule-header']
      ? { duplicateRuleHeader: headers['sforce-duplicate-rule-header'] }
      : {}),
    status: 0,
  };
  const reply = await subrequestReply(sub, request, context, undo, {
    url,
    method,
    match,
    kind,
    headers,
  });
  log.status = reply.status;
  return {
    result: {
      body: reply.body ? (JSON.parse(reply.body) as unknown) : null,
      httpHeaders: {},
      httpStatusCode: reply.status,
      referenceId: sub.referenceId,
    },
    log,
    lost: reply.lost,
  };
}

async function subrequestReply(
  sub: Subrequest,
  request: ApiRequest,
  context: EmulatorContext,
  undo: UndoLog,
  target: {
    url: URL;
    method: string;
    match: ReturnType<typeof matchRoute>;
    kind: RequestKind;
    headers: Record<string, string>;
  },
): Promise<Reply> {
  const { url, method, match, kind, headers } = target;
  const route = match.route;
  if (!route || route.surface !== 'rest' || !SUPPORTED_KINDS.has(kind)) {
    return sfError(
      400,
      'INVALID_URL',
      `The url ${sub.url} is not supported in a composite request.`,
    );
  }
  const version = match.route ? (match.params.version ?? '') : '';
  if (!context.versions.includes(version))
    return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  // The latency model's unit of work: each subrequest run costs the server its own time (its
  // handler charges its rows on the same meter); the composite pays one round trip for all.
  chargeServerTime(request, { subrequests: 1 });
  const faults = context.faults.forRequest(kind, method, url.pathname);
  if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
  if (faults.drop) return { ...sfError(500, 'UNKNOWN_EXCEPTION', 'dropped'), lost: 'drop' };
  // The handler's updates are recorded for an allOrNone rollback while it runs synchronously:
  // the sObject handlers apply their writes before they return, so no other request's are caught.
  const reply =
    faults.errorReply ??
    (await undo.record(context.org, () =>
      route.handler(
        {
          ...request,
          method,
          path: url.pathname,
          query: url.searchParams,
          headers: { ...request.headers, ...headers },
          body: sub.body === undefined ? '' : JSON.stringify(sub.body),
          params: match.route ? match.params : {},
          version,
          recordFaults: faults.records,
        },
        context,
      ),
    ));
  return faults.loseResponse ? { ...reply, lost: 'loseResponse' } : reply;
}
