/** Stable labels of what a request was, for the log, fault rules and the API-limit count. */
export const API_KINDS = [
  'resources',
  'limits',
  'describe-global',
  'sobject-info',
  'describe',
  'query',
  'queryAll',
  'queryMore',
  'retrieve',
  'update',
  'collections-update',
  'collections-retrieve',
  'composite',
  'bulk2-ingest-create',
  'bulk2-ingest-upload',
  'bulk2-ingest-close',
  'bulk2-ingest-status',
  'bulk2-ingest-results',
  'bulk2-ingest-delete',
  'bulk2-query-create',
  'bulk2-query-status',
  'bulk2-query-results',
  'bulk2-query-abort',
  'bulk2-query-delete',
  'api-not-found',
] as const;

export const OTHER_KINDS = [
  'versions',
  'oauth-authorize',
  'oauth-token',
  'oauth-revoke',
  'identity',
  'login',
  'frontdoor',
  'logout',
  'page-lightning',
  'page-classic',
  'page-data',
  'asset',
  'redirect-to-api',
  'uri-too-long',
  'not-found',
] as const;

export type ApiKind = (typeof API_KINDS)[number];
export type RequestKind = ApiKind | (typeof OTHER_KINDS)[number];

const apiKinds: ReadonlySet<string> = new Set(API_KINDS);

/** Whether a request of this kind counts against the org's daily API request limit. */
export function isApiKind(kind: RequestKind): kind is ApiKind {
  return apiKinds.has(kind);
}

export function isRequestKind(text: string): text is RequestKind {
  return apiKinds.has(text) || (OTHER_KINDS as readonly string[]).includes(text);
}
