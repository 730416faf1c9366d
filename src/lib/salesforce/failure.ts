import type { Failure, FailureCode } from '../messages';

/**
 * Salesforce error codes, grouped by what the rep is told. Per-record codes that mean "try
 * again" (UNABLE_TO_LOCK_ROW) are transient; the rest need a person.
 */
const CODE_OF_ERROR: Readonly<Record<string, FailureCode>> = {
  INVALID_SESSION_ID: 'session-expired',
  REQUEST_LIMIT_EXCEEDED: 'rate-limited',
  NOT_FOUND: 'not-found',
  ENTITY_IS_DELETED: 'not-found',
  MALFORMED_ID: 'not-found',
};

interface ErrorLike {
  readonly name?: unknown;
  readonly errorCode?: unknown;
  readonly message?: unknown;
}

/** What went wrong with a Salesforce call, from the error jsforce or fetch threw. */
export function failureOf(error: unknown): Failure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(error);
  // fetch rejects with a TypeError for every network-level failure (refused, reset, DNS, TLS).
  if (error instanceof TypeError) return { ok: false, code: 'network' };
  const errorCode = typeof e.errorCode === 'string' ? e.errorCode : '';
  const code = CODE_OF_ERROR[errorCode] ?? 'salesforce';
  return code === 'salesforce' ? { ok: false, code, detail: message } : { ok: false, code };
}
