import type { Database } from './open';
import type { UnsubscribeRecord } from './schema';

export function getUnsubscribe(
  db: Database,
  orgId: string,
  recordId: string,
): Promise<UnsubscribeRecord | undefined> {
  return db.get('unsubscribes', [orgId, recordId]);
}

export async function putUnsubscribes(
  db: Database,
  records: readonly UnsubscribeRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const tx = db.transaction('unsubscribes', 'readwrite');
  await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
}

/** Waiting unsubscribes, oldest first: the outbox's queue. */
export async function pendingUnsubscribes(db: Database): Promise<UnsubscribeRecord[]> {
  const pending = await db.getAllFromIndex('unsubscribes', 'status', 'pending');
  return pending.sort((a, b) => a.createdAt - b.createdAt);
}

/** What the extension icon's badge counts: unsubscribes waiting for or refused by Salesforce. */
export async function openCount(db: Database): Promise<number> {
  const [pending, failed] = await Promise.all([
    db.countFromIndex('unsubscribes', 'status', 'pending'),
    db.countFromIndex('unsubscribes', 'status', 'failed'),
  ]);
  return pending + failed;
}
