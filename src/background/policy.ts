import { getSettings } from '../lib/db/org-cache';
import type { Database } from '../lib/db/open';
import { applyPolicy, parseManagedPolicy, type ManagedPolicy } from '../lib/managed-policy';
import type { LockedSetting, OrgSettings } from '../lib/settings';
import { readManagedStorage } from './extension-api';

let policy: Promise<ManagedPolicy> | null = null;

/**
 * The administrator's policy from Chrome's managed storage; none outside a managed browser.
 * Chrome answers the first read only once its policy service is up (seconds after a browser
 * start), so the read starts with the worker and is kept until the policy changes.
 */
export function managedPolicy(): Promise<ManagedPolicy> {
  policy ??= readManagedStorage().then(
    (raw) => parseManagedPolicy(raw),
    // No policy for this extension (an unmanaged browser): nothing is locked.
    (): ManagedPolicy => ({}),
  );
  return policy;
}

/** Told of every `storage.onChanged` by the entry point: a new policy is read at its next use. */
export function policyStorageChanged(area: string): void {
  if (area === 'managed') policy = null;
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
