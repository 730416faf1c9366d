import { isLoginUrl } from './options-messages';

/**
 * The Connect form's login URL: production, sandbox or the org's My Domain, as the admin picks
 * it, turned into the URL the OAuth flow starts from and back.
 */
export type LoginKind = 'production' | 'sandbox' | 'my-domain';
export const LOGIN_KINDS: readonly LoginKind[] = ['production', 'sandbox', 'my-domain'];

export const PRODUCTION_LOGIN = 'https://login.salesforce.com';
export const SANDBOX_LOGIN = 'https://test.salesforce.com';

export interface LoginChoice {
  readonly kind: LoginKind;
  /** What the My Domain field holds (a URL); '' for production and sandbox. */
  readonly myDomain: string;
}

/** How the form shows a login URL (an administrator's default, or none: production). */
export function loginChoiceOf(url: string | null): LoginChoice {
  const bare = (url ?? '').trim().replace(/\/+$/, '').toLowerCase();
  if (!bare || bare === PRODUCTION_LOGIN) return { kind: 'production', myDomain: '' };
  if (bare === SANDBOX_LOGIN) return { kind: 'sandbox', myDomain: '' };
  return { kind: 'my-domain', myDomain: (url ?? '').trim() };
}

/**
 * The login URL of a choice, or null when the My Domain text is not a My Domain URL. A bare
 * "acme" or "acme.my.salesforce.com" is completed to `https://acme.my.salesforce.com`.
 */
export function loginUrlOf(choice: LoginChoice): string | null {
  if (choice.kind === 'production') return PRODUCTION_LOGIN;
  if (choice.kind === 'sandbox') return SANDBOX_LOGIN;
  let text = choice.myDomain.trim().toLowerCase().replace(/\/+$/, '');
  if (!text) return null;
  if (!text.includes('://')) {
    text = `https://${text.includes('.') ? text : `${text}.my.salesforce.com`}`;
  }
  return isLoginUrl(`${text}/`) ? text : null;
}
