/**
 * The org whose unsubscribes the options page showed last, kept in the page's own storage: the
 * next opening asks for that org's list at once, beside the request for the orgs, instead of
 * after it. The orgs' answer waits for the administrator's policy (their settings may be locked),
 * which Chrome gives only seconds after a browser start; the list needs none of it. Only an org
 * Id is kept, in the extension's origin.
 */
const KEY = 'unsubscribe-sync:last-org';

export function lastOrgId(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    // Storage refused (a profile that blocks site data): the list waits for the orgs.
    return null;
  }
}

export function rememberOrg(orgId: string): void {
  try {
    if (localStorage.getItem(KEY) !== orgId) localStorage.setItem(KEY, orgId);
  } catch {
    // As above: nothing to remember with.
  }
}
