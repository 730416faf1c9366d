import type { Failure } from '../lib/failure';
import { failureText } from '../ui/failure-text';
import { t } from '../ui/i18n';

/** Something the page asked the background for: still coming, here, or why not. */
export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly value: T }
  | { readonly state: 'error'; readonly text: string };

/** Why a request did not succeed, in plain words: Salesforce's refusal, or no answer at all. */
export function troubleText(trouble: Failure | unknown): string {
  if (typeof trouble === 'object' && trouble !== null && 'ok' in trouble && !trouble.ok) {
    return failureText(trouble as Failure);
  }
  return t('optionsWorkerDown');
}
