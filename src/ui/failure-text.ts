import type { Failure, FailureCode } from '../lib/failure';
import type { FieldProblem } from '../lib/opt-out-fields';
import { t } from './i18n';
import { PERSON_KIND } from '../lib/person-kinds';

const MESSAGE_KEY: Readonly<Record<FailureCode, string>> = {
  'no-session': 'errorNoSession',
  'session-expired': 'errorSessionExpired',
  'api-disabled': 'errorApiDisabled',
  'api-not-approved': 'errorApiNotApproved',
  network: 'errorNetwork',
  'rate-limited': 'errorRateLimited',
  'server-busy': 'errorServerBusy',
  'not-found': 'errorNotFound',
  validation: 'errorValidation',
  'duplicate-blocked': 'errorDuplicateBlocked',
  'no-access': 'errorNoAccess',
  'converted-lead': 'errorConvertedLead',
  'field-unavailable': 'errorFieldUnavailable',
  'undo-expired': 'errorUndoExpired',
  'unknown-org': 'errorUnknownOrg',
  'not-saved': 'errorNotSaved',
  salesforce: 'errorSalesforce',
};

/** Whether a recorded code is one of the product's own (a run's stop without a Salesforce code). */
export const isFailureCode = (code: string): code is FailureCode =>
  Object.hasOwn(MESSAGE_KEY, code);

/**
 * R1b in plain words: "Marketo Sales Opt Out is not visible to you or not installed on Lead" (a
 * field absent from describe may be hidden from this user by field-level security), "Email Opt
 * Out is not editable for your user — ask your admin for field-level edit access".
 */
export function fieldProblemText(problem: FieldProblem): string {
  const object = t(PERSON_KIND[problem.kind].labelKey);
  switch (problem.reason) {
    case 'read-only':
      return t('fieldReadOnly', problem.label);
    case 'not-checkbox':
      return t('fieldNotCheckbox', [problem.label, object]);
    case 'missing':
    case 'marketo-not-found':
      return t('fieldMissing', [problem.label, object]);
  }
}

/** A failure in plain words, in the user's language, with Salesforce's own message when given. */
export function failureText(failure: Failure): string {
  if (failure.fieldProblems && failure.fieldProblems.length > 0) {
    return failure.fieldProblems.map(fieldProblemText).join('; ');
  }
  return t(MESSAGE_KEY[failure.code], failure.detail ?? '');
}
