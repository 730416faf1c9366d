import browser from 'webextension-polyfill';

/**
 * A localized string from `public/_locales`. Every user-visible string goes through here, so a
 * missing key shows up as the key itself (and the locale test fails) rather than as blank UI.
 */
export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
