import type { Database } from './db/open';
import type { UnsubscribeRecord } from './db/schema';
import { getUnsubscribe } from './db/unsubscribes';
import type { CoveredStatus, UnsubscribeResponse } from './messages';
import { lightningRecordUrl } from './record-url';
import { viewOf } from './unsubscribe-record';

/** The records a stored click also unsubscribed (by key, no scan), as they are stored now. */
export async function coveredOf(
  db: Database,
  record: UnsubscribeRecord | undefined,
): Promise<UnsubscribeRecord[]> {
  if (!record?.covers) return [];
  const { orgId, covers } = record;
  const found = await Promise.all(covers.map((id) => getUnsubscribe(db, orgId, id)));
  return found.filter((r) => r !== undefined);
}

/** What the card shows of the records a click also unsubscribed. */
export function coveredStatuses(covered: readonly UnsubscribeRecord[]): CoveredStatus[] {
  return covered.map((r) => ({
    recordId: r.recordId,
    object: r.object,
    name: r.name,
    place: r.place ?? null,
    url: lightningRecordUrl(r.instanceUrl, r.object, r.recordId),
    status: r.status,
  }));
}

/** The answer to the card about a record's unsubscribe: from IndexedDB alone, no request. */
export async function unsubscribeAnswer(
  db: Database,
  orgId: string,
  recordId: string,
): Promise<UnsubscribeResponse> {
  const record = await getUnsubscribe(db, orgId, recordId);
  return {
    ok: true,
    unsubscribe: viewOf(record),
    covered: coveredStatuses(await coveredOf(db, record)),
  };
}
