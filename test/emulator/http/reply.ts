import type { SubrequestLog } from '../control/request-log';

/** A response a handler returns; the server sends it (or drops it when a fault says so). */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | readonly string[]>;
  readonly body: string;
  /** A Composite request's subrequests, for its log entry. */
  readonly subrequests?: readonly SubrequestLog[];
  /** A fault on a Composite's subrequest loses the whole response: `drop` or `loseResponse`. */
  readonly lost?: 'drop' | 'loseResponse';
}

/** One entry of Salesforce's REST error envelope. */
export interface SalesforceError {
  readonly message: string;
  readonly errorCode: string;
  readonly fields?: readonly string[];
}

const JSON_TYPE = 'application/json;charset=UTF-8';

export function json(status: number, value: unknown, headers: Reply['headers'] = {}): Reply {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: JSON.stringify(value),
  };
}

/**
 * Salesforce's error envelope, `[{"message","errorCode","fields"}]`. Salesforce leaves `fields` out
 * of session, limit and availability errors, so callers pass it only where it belongs.
 */
export function sfError(
  status: number,
  errorCode: string,
  message: string,
  fields?: readonly string[],
): Reply {
  const error: SalesforceError = fields ? { message, errorCode, fields } : { message, errorCode };
  return json(status, [error]);
}

export function notFound(): Reply {
  return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
}

export function noContent(headers: Reply['headers'] = {}): Reply {
  return { status: 204, headers, body: '' };
}

export function csv(status: number, text: string, headers: Reply['headers'] = {}): Reply {
  return { status, headers: { 'content-type': 'text/csv', ...headers }, body: text };
}

export function html(status: number, markup: string, headers: Reply['headers'] = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'text/html;charset=UTF-8', ...headers },
    body: markup,
  };
}

export function redirect(location: string, headers: Reply['headers'] = {}): Reply {
  return { status: 302, headers: { location, ...headers }, body: '' };
}

/** The OAuth endpoints' error shape, `{error, error_description}`. */
export function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

export function withHeaders(reply: Reply, headers: Reply['headers']): Reply {
  return { ...reply, headers: { ...reply.headers, ...headers } };
}
