import { collectionsRetrieve, collectionsUpdate } from '../api/collections';
import { composite } from '../api/composite';
import { describeGlobal, describeObject, sobjectInfo } from '../api/describe';
import {
  changeIngestState,
  createIngestJob,
  deleteJob,
  ingestJobInfo,
  ingestResults,
  uploadIngestData,
} from '../api/bulk2-ingest';
import { abortQueryJob, createQueryJob, queryJobInfo, queryJobResults } from '../api/bulk2-query';
import { query, queryAll, queryMore } from '../api/query';
import { retrieveRecord, updateRecord } from '../api/records';
import { limits, listResources, listVersions } from '../api/rest-meta';
import { identity, userinfo } from '../auth/identity';
import { frontdoor, logout, showLogin, submitLogin } from '../auth/login';
import { authorize, revoke, token } from '../auth/oauth';
import * as inspect from '../control/inspect-api';
import type { HostClass } from '../hosts';
import { classicPage } from '../pages/classic';
import { favicon } from '../pages/favicon';
import { lightningPage, pageData } from '../pages/lightning';
import type { Handler } from './context';
import { notFound, redirect } from './reply';
import type { RequestKind } from './request-kind';

/**
 * How a route is served. `rest`: the versioned REST/Bulk API (version check, bearer auth, daily
 * limit, Sforce-Limit-Info). `open`: logged and fault-injectable but unauthenticated (OAuth,
 * login, pages). `control`: the emulator's own API, neither logged nor faulted.
 */
export type Surface = 'rest' | 'open' | 'control';

export interface Route {
  readonly methods: readonly string[];
  readonly pattern: RegExp;
  readonly hosts: readonly HostClass[];
  readonly kind: RequestKind;
  readonly surface: Surface;
  readonly handler: Handler;
}

const API_HOSTS: readonly HostClass[] = ['salesforce', 'loopback'];
const ALL_HOSTS: readonly HostClass[] = ['salesforce', 'loopback', 'lightning'];
/** Lightning pages live on the Lightning host; the loopback address serves them too, for curl. */
const LIGHTNING_HOSTS: readonly HostClass[] = ['lightning', 'loopback'];
const ANY_METHOD = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const VERSIONED = String.raw`/services/data/v(?<version>\d+\.\d)`;
const ID = String.raw`(?<jobId>\w+)`;

function rest(
  methods: readonly string[],
  path: string,
  kind: RequestKind,
  handler: Handler,
): Route {
  return {
    methods,
    pattern: new RegExp(`^${VERSIONED}${path}/?$`),
    hosts: API_HOSTS,
    kind,
    surface: 'rest',
    handler,
  };
}

function open(
  methods: readonly string[],
  pattern: RegExp,
  hosts: readonly HostClass[],
  kind: RequestKind,
  handler: Handler,
): Route {
  return { methods, pattern, hosts, kind, surface: 'open', handler };
}

function control(methods: readonly string[], path: string, handler: Handler): Route {
  return {
    methods,
    pattern: new RegExp(`^/__emulator${path}$`),
    hosts: ALL_HOSTS,
    // Never logged, so the kind is never shown.
    kind: 'not-found',
    surface: 'control',
    handler,
  };
}

/** Lightning answers API paths with a redirect to the My Domain host, as Salesforce does. */
const redirectToApi: Handler = (request, context) => {
  const search = request.query.toString();
  return redirect(`https://${context.hosts.myDomain}${request.path}${search ? `?${search}` : ''}`);
};

const redirectToLightning: Handler = (request, context) =>
  redirect(`https://${context.hosts.lightning}${request.path}`);

// prettier-ignore
export const ROUTES: readonly Route[] = [
  control(['GET'], '/info', inspect.inspectInfo),
  control(['GET'], '/records', inspect.inspectRecords),
  control(['GET', 'PATCH', 'DELETE'], '/records/(?<id>\\w+)', inspect.inspectRecord),
  control(['POST'], '/records/(?<id>\\w+)/convert', inspect.convertLead),
  control(['POST'], '/records/(?<id>\\w+)/merge', inspect.mergeRecord),
  control(['POST', 'DELETE'], '/records/(?<id>\\w+)/validation-rule', inspect.validationRule),
  control(['POST', 'DELETE'], '/records/(?<id>\\w+)/duplicate-rule', inspect.duplicateRule),
  control(['POST'], '/schema/(?<object>\\w+)', inspect.changeSchema),
  control(['GET'], '/log', inspect.inspectLog),
  control(['GET'], '/log/count', inspect.countLog),
  control(['POST'], '/reset-log', inspect.resetLog),
  control(['GET', 'POST', 'DELETE'], '/faults', inspect.faults),
  control(['DELETE'], '/faults/(?<id>[\\w-]+)', inspect.removeFault),
  control(['POST'], '/sessions', inspect.createSession),
  control(['POST'], '/sessions/expire', inspect.expireSessions),
  control(['GET', 'POST'], '/limits', inspect.apiLimits),
  control(['GET', 'POST'], '/api-access', inspect.apiAccess),
  open(['GET'], /^\/__emulator\/page-data$/, ALL_HOSTS, 'page-data', pageData),
  open(['GET'], /^\/favicon\.ico$/, ALL_HOSTS, 'asset', favicon),

  open(ANY_METHOD, /^\/services\//, ['lightning'], 'redirect-to-api', redirectToApi),
  open(['GET'], /^\/services\/data\/?$/, API_HOSTS, 'versions', listVersions),
  rest(['GET'], '', 'resources', listResources),
  rest(['GET'], '/limits', 'limits', limits),
  rest(['GET'], '/sobjects', 'describe-global', describeGlobal),
  rest(['GET'], '/sobjects/(?<object>\\w+)/describe', 'describe', describeObject),
  rest(['GET'], '/sobjects/(?<object>\\w+)', 'sobject-info', sobjectInfo),
  rest(['GET'], '/sobjects/(?<object>\\w+)/(?<id>[^/]+)', 'retrieve', retrieveRecord),
  rest(['PATCH'], '/sobjects/(?<object>\\w+)/(?<id>[^/]+)', 'update', updateRecord),
  rest(['GET'], '/query', 'query', query),
  rest(['GET'], '/queryAll', 'queryAll', queryAll),
  rest(['GET'], '/query(?:All)?/(?<locator>[^/]+)', 'queryMore', queryMore),
  rest(['POST'], '/composite', 'composite', composite),
  rest(['PATCH'], '/composite/sobjects', 'collections-update', collectionsUpdate),
  rest(['GET', 'POST'], '/composite/sobjects/(?<object>\\w+)', 'collections-retrieve', collectionsRetrieve),
  rest(['POST'], '/jobs/ingest', 'bulk2-ingest-create', createIngestJob),
  rest(['PUT'], `/jobs/ingest/${ID}/batches`, 'bulk2-ingest-upload', uploadIngestData),
  rest(['PATCH'], `/jobs/ingest/${ID}`, 'bulk2-ingest-close', changeIngestState),
  rest(['GET'], `/jobs/ingest/${ID}`, 'bulk2-ingest-status', ingestJobInfo),
  rest(['DELETE'], `/jobs/ingest/${ID}`, 'bulk2-ingest-delete', deleteJob('ingest')),
  rest(['GET'], `/jobs/ingest/${ID}/(?<which>successfulResults|failedResults|unprocessedrecords)`, 'bulk2-ingest-results', ingestResults),
  rest(['POST'], '/jobs/query', 'bulk2-query-create', createQueryJob),
  rest(['GET'], `/jobs/query/${ID}`, 'bulk2-query-status', queryJobInfo),
  rest(['PATCH'], `/jobs/query/${ID}`, 'bulk2-query-abort', abortQueryJob),
  rest(['DELETE'], `/jobs/query/${ID}`, 'bulk2-query-delete', deleteJob('query')),
  rest(['GET'], `/jobs/query/${ID}/results`, 'bulk2-query-results', queryJobResults),
  rest(ANY_METHOD, '(?:/.*)?', 'api-not-found', () => notFound()),

  open(['GET', 'POST'], /^\/services\/oauth2\/authorize$/, API_HOSTS, 'oauth-authorize', authorize),
  open(['POST'], /^\/services\/oauth2\/token$/, API_HOSTS, 'oauth-token', token),
  open(['GET', 'POST'], /^\/services\/oauth2\/revoke$/, API_HOSTS, 'oauth-revoke', revoke),
  open(['GET'], /^\/services\/oauth2\/userinfo$/, API_HOSTS, 'identity', userinfo),
  open(['GET', 'POST'], /^\/id\/(?<orgId>\w+)\/(?<userId>\w+)$/, API_HOSTS, 'identity', identity),

  open(['GET'], /^\/(?:login)?$/, API_HOSTS, 'login', showLogin),
  open(['POST'], /^\/(?:login)?$/, API_HOSTS, 'login', submitLogin),
  open(['GET'], /^\/$/, ['lightning'], 'page-lightning', (_request) => redirect('/lightning/page/home')),
  open(['GET'], /^\/secur\/frontdoor\.jsp$/, ALL_HOSTS, 'frontdoor', frontdoor),
  open(['GET'], /^\/secur\/logout\.jsp$/, ALL_HOSTS, 'logout', logout),
  open(['GET'], /^\/lightning(?:\/.*)?$/, LIGHTNING_HOSTS, 'page-lightning', lightningPage),
  open(['GET'], /^\/one\/one\.app\/?$/, LIGHTNING_HOSTS, 'page-lightning', lightningPage),
  open(['GET'], /^\/lightning(?:\/.*)?$/, ['salesforce'], 'page-lightning', redirectToLightning),
  open(['GET'], /^\/(?<id>[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)(?<edit>\/e)?\/?$/, API_HOSTS, 'page-classic', classicPage),
];

export type RouteMatch =
  | { readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly route: null; readonly methodNotAllowed: Route | null };

export function matchRoute(method: string, hostClass: HostClass, path: string): RouteMatch {
  let wrongMethod: Route | null = null;
  for (const route of ROUTES) {
    if (!route.hosts.includes(hostClass)) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (!route.methods.includes(method)) {
      wrongMethod ??= route;
      continue;
    }
    // A known REST resource called with the wrong method is a 405, not an unknown resource.
    if (route.kind === 'api-not-found' && wrongMethod) break;
    return { route, params: { ...match.groups } };
  }
  return { route: null, methodNotAllowed: wrongMethod };
}
