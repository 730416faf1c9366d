import browser from 'webextension-polyfill';
import { OPTIONAL_REALMS, realmOrigins, type RealmId } from '../lib/salesforce-hosts';

/**
 * Access to an optional Salesforce realm, from an extension page: Chrome's optional host
 * permissions. `request` must run in the handler of a click (a user gesture), and Chrome then asks
 * the rep to confirm; the service worker hears the grant (`permissions.onAdded`) and starts the
 * content script there.
 */

function originsOf(id: RealmId): string[] {
  const realm = OPTIONAL_REALMS.find((r) => r.id === id);
  return realm ? realmOrigins(realm) : [];
}

export function realmAllowed(id: RealmId): Promise<boolean> {
  return browser.permissions.contains({ origins: originsOf(id) });
}

export function requestRealm(id: RealmId): Promise<boolean> {
  return browser.permissions.request({ origins: originsOf(id) });
}

export function removeRealm(id: RealmId): Promise<boolean> {
  return browser.permissions.remove({ origins: originsOf(id) });
}
