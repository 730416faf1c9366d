import type { Failure, FailureCode } from '../lib/messages';
import { t } from './i18n';

const MESSAGE_KEY: Readonly<Record<FailureCode, string>> = {
  'no-session': 'errorNoSession',
  'session-expired': 'errorSessionExpired',
  network: 'errorNetwork',
  'not-found': 'errorNotFound',
  'rate-limited': 'errorRateLimited',
  salesforce: 'errorSalesforce',
};

/** A failure in plain words, in the user's language, with Salesforce's own message when given. */
export function failureText(failure: Failure): string {
  return t(MESSAGE_KEY[failure.code], failure.detail ?? '');
}
