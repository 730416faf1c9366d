import browser from 'webextension-polyfill';
import { getSettings } from '../lib/db/org-cache';
import type { Database } from '../lib/db/open';
import { applyPolicy, parseManagedPolicy, type ManagedPolicy } from '../lib/managed-policy';
import type { LockedSetting, OrgSettings } from '../lib/settings';

/** The administrator's policy from Chrome's managed storage; none outside a managed browser. */
export async function managedPolicy(): Promise<ManagedPolicy> {
  try {
    return parseManagedPolicy(await browser.storage.managed.get());
  } catch {
    // No policy for this extension (an unmanaged browser): nothing is locked.
    return {};
  }
}

/**
 * An org's settings as everything in the extension uses them: the stored ones with the
 * administrator's policy on top. Read afresh for every request, so a change applies at once.
 */
export async function effectiveSettings(
  db: Database,
  orgId: string,
): Promise<{ settings: OrgSettings; locked: LockedSetting[] }> {
  const [stored, policy] = await Promise.all([getSettings(db, orgId), managedPolicy()]);
  return applyPolicy(stored, policy);
}
