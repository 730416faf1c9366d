import type { Failure, FailureCode } from '../failure';

/** Salesforce error codes, grouped by what the rep is told and whether trying again can help. */
const CODE_OF_ERROR: Readonly<Record<string, FailureCode>> = {
  INVALID_SESSION_ID: 'session-expired',
  API_DISABLED_FOR_ORG: 'api-disabled',
  API_CURRENTLY_DISABLED: 'api-disabled',
  REQUEST_LIMIT_EXCEEDED: 'rate-limited',
  SERVER_UNAVAILABLE: 'server-busy',
  UNABLE_TO_LOCK_ROW: 'server-busy',
  NOT_FOUND: 'not-found',
  ENTITY_IS_DELETED: 'not-found',
  MALFORMED_ID: 'not-found',
  INVALID_CROSS_REFERENCE_KEY: 'not-found',
  FIELD_CUSTOM_VALIDATION_EXCEPTION: 'validation',
  DUPLICATES_DETECTED: 'duplicate-blocked',
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: 'no-access',
  INSUFFICIENT_ACCESS_OR_READONLY: 'no-access',
  CANNOT_UPDATE_CONVERTED_LEAD: 'converted-lead',
  INVALID_FIELD: 'field-unavailable',
  INVALID_FIELD_FOR_INSERT_UPDATE: 'field-unavailable',
};

/** Failures that go away by themselves: the outbox keeps retrying them with backoff. */
const TRANSIENT: ReadonlySet<FailureCode> = new Set([
  'no-session',
  'session-expired',
  'network',
  'rate-limited',
  'server-busy',
]);

export function isTransient(code: FailureCode): boolean {
  return TRANSIENT.has(code);
}

/**
 * Refusals of the API itself: not transient (trying again soon changes nothing), not a reason to
 * give up on the unsubscribe either. It stays queued, is tried a few times slowly (an admin may
 * grant API Enabled meanwhile), then waits for a cure: a new session, Connect, or a person.
 */
const WAITS_FOR_CURE: ReadonlySet<FailureCode> = new Set(['api-disabled', 'api-not-approved']);

export function waitsForCure(code: FailureCode | undefined): boolean {
  return code !== undefined && WAITS_FOR_CURE.has(code);
}

/** The failure a Salesforce error code (whole-request or per-record) stands for. */
export function failureOfCode(errorCode: string, message: string): Failure {
  const code =
    CODE_OF_ERROR[errorCode] ??
    (/^ERROR_HTTP_5\d\d$/.test(errorCode) ? 'server-busy' : 'salesforce');
  return { ok: false, code, errorCode, detail: message };
}

interface ErrorLike {
  readonly errorCode?: unknown;
  readonly message?: unknown;
}

/** What went wrong with a Salesforce call, from the error jsforce or fetch threw. */
export function failureOf(error: unknown): Failure {
  // fetch rejects with a TypeError for every network-level failure (refused, reset, DNS, TLS).
  if (error instanceof TypeError) return { ok: false, code: 'network' };
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(error);
  return failureOfCode(typeof e.errorCode === 'string' ? e.errorCode : '', message);
}
