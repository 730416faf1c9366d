import type { Database } from '../lib/db/open';
import type { UnsubscribeRecord } from '../lib/db/schema';
import { getUnsubscribe, putUnsubscribes } from '../lib/db/unsubscribes';
import { findMoves } from '../lib/salesforce/moved-records';
import { moved } from '../lib/unsubscribe-record';
import type { OrgContext } from './org-context';

/** A failed write that may mean the record now lives elsewhere: deleted (merged?) or converted. */
function maybeMoved(record: UnsubscribeRecord): boolean {
  const error = record.lastError;
  return (
    record.status === 'failed' &&
    (error?.errorCode === 'ENTITY_IS_DELETED' || error?.code === 'converted-lead')
  );
}

/**
 * After a send: the unsubscribes whose record was merged or converted move to the record that
 * now stands for the person (one `queryAll` per object says where). Saves both sides of each
 * move and returns the moved unsubscribes that wait to be sent. A record simply deleted, or a
 * lookup that fails, leaves the failure as the write left it.
 */
export async function followMoves(
  db: Database,
  ctx: OrgContext,
  outcomes: readonly UnsubscribeRecord[],
  now: number,
): Promise<UnsubscribeRecord[]> {
  const gone = outcomes.filter(maybeMoved);
  if (gone.length === 0) return [];
  let moves;
  try {
    moves = await findMoves(ctx.conn, gone);
  } catch {
    return [];
  }
  const toSend: UnsubscribeRecord[] = [];
  // One at a time: two records merged into one master in the same batch share its unsubscribe.
  for (const record of gone) {
    const to = moves.get(record.recordId);
    if (!to) continue;
    const existing = await getUnsubscribe(db, record.orgId, to.recordId);
    const move = moved(record, to, existing, now);
    await putUnsubscribes(db, [move.from, move.to]);
    if (move.to.status === 'pending') toSend.push(move.to);
  }
  return toSend;
}
