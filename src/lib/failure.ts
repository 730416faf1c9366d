import type { FieldProblem } from './opt-out-fields';

/**
 * How every request of the extension says it failed: a code the UI turns into words, with what
 * Salesforce said. A plain type shared by the background, the pages and the store; the mapping
 * of jsforce and Salesforce errors to it is lib/salesforce/failure.ts.
 */

/** Why a request failed, as a code the UI turns into words in the user's language. */
export type FailureCode =
  /** No `sid` cookie for the org: the rep is not signed in to Salesforce in this browser. */
  | 'no-session'
  | 'session-expired'
  /**
   * The API is refused to this user or org (`API_CURRENTLY_DISABLED`: no "API Enabled"
   * permission; `API_DISABLED_FOR_ORG`): an admin's grant cures it. The unsubscribe stays queued.
   */
  | 'api-disabled'
  /**
   * API Access Control: the org lets only approved connected apps use the API, so the rep's own
   * session is refused (an `INVALID_SESSION_ID` that persists on a fresh sign-in, recognised in
   * background/session-refusal.ts). Connect cures it. The unsubscribe stays queued.
   */
  | 'api-not-approved'
  | 'network'
  | 'rate-limited'
  /** 503 SERVER_UNAVAILABLE, UNABLE_TO_LOCK_ROW and other "try again" answers. */
  | 'server-busy'
  | 'not-found'
  | 'validation'
  /**
   * DUPLICATES_DETECTED that allowSave could not bypass: a duplicate rule set to "Block" (every
   * write carries `Sforce-Duplicate-Rule-Header: allowSave=true`, salesforce/duplicate-rule-header.ts).
   */
  | 'duplicate-blocked'
  | 'no-access'
  | 'converted-lead'
  /** A chosen opt-out field is missing, read-only or not a checkbox for this user. */
  | 'field-unavailable'
  /** Undo asked for after its window closed, or for an unsubscribe that is not a click. */
  | 'undo-expired'
  /** The options page named an org the extension has not met on a record page yet. */
  | 'unknown-org'
  /**
   * A click could not be saved in this browser (quota exceeded, IndexedDB unavailable, an upgrade
   * blocked by another connection), so nothing was sent: the outbox only sends what it holds.
   */
  | 'not-saved'
  | 'salesforce';

export interface Failure {
  readonly ok: false;
  readonly code: FailureCode;
  /** Salesforce's error code, e.g. FIELD_CUSTOM_VALIDATION_EXCEPTION, when it gave one. */
  readonly errorCode?: string;
  /** Salesforce's own message, when it gave one; shown after the plain-words explanation. */
  readonly detail?: string;
  /** For 'field-unavailable' found from describe: which field, on which kind, and why. */
  readonly fieldProblems?: readonly FieldProblem[];
}
