import type { ClickSnapshot } from '../lib/same-email';
import { readSessionStorage, writeSessionStorage } from './extension-api';

/**
 * The last state the widget showed for each record, kept in session storage: it outlives the
 * service worker (killed after 30 s idle, so often between a page view and a click) and goes
 * with the browser session. A click sets only what this says is still false, and Undo clears
 * exactly that; the same goes for the records with the same email address it also holds.
 */
const key = (orgId: string, recordId: string) => `snapshot:${orgId}:${recordId}`;

export async function saveSnapshot(
  orgId: string,
  recordId: string,
  snapshot: ClickSnapshot,
): Promise<void> {
  await writeSessionStorage(key(orgId, recordId), snapshot);
}

export async function loadSnapshot(orgId: string, recordId: string): Promise<ClickSnapshot | null> {
  const stored = (await readSessionStorage(key(orgId, recordId))) as ClickSnapshot | undefined;
  return stored ?? null;
}
