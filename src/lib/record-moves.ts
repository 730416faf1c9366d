import type { Connection } from 'jsforce/core';
import type { Database } from './db/open';
import type { MovedTo, UnsubscribeRecord } from './db/schema';
import { getUnsubscribe, putUnsubscribes } from './db/unsubscribes';
import { findMoves } from './salesforce/moved-records';
import { findPersonContacts } from './salesforce/person-contacts';
import { checkedNotPersonContact, moved } from './unsubscribe-record';

/**
 * Records that move, for every sender (the outbox and the nightly export): an unsubscribe belongs
 * to the person, so when its record was merged away, its Lead converted, or it names a person
 * contact, it moves to the record that now stands for the person. Both sides of each move are
 * saved here; what is returned waits to be written, by the caller, where the target lacks it.
 */

/** A failed write that may mean the record now lives elsewhere: deleted (merged?) or converted. */
function mayHaveMoved(record: UnsubscribeRecord): boolean {
  const error = record.lastError;
  return (
    record.status === 'failed' &&
    (error?.errorCode === 'ENTITY_IS_DELETED' || error?.code === 'converted-lead')
  );
}

/**
 * Saves each move and returns the targets that wait to be sent, once each: two records merged
 * into one master share its unsubscribe (so the moves are made one at a time).
 */
async function applyMoves(
  db: Database,
  records: readonly UnsubscribeRecord[],
  moves: ReadonlyMap<string, MovedTo>,
  now: number,
): Promise<UnsubscribeRecord[]> {
  const toSend = new Map<string, UnsubscribeRecord>();
  for (const record of records) {
    const to = moves.get(record.recordId);
    if (!to) continue;
    const existing = await getUnsubscribe(db, record.orgId, to.recordId);
    const move = moved(record, to, existing, now);
    await putUnsubscribes(db, [move.from, move.to]);
    if (move.to.status === 'pending') toSend.set(move.to.recordId, move.to);
  }
  return [...toSend.values()];
}

/**
 * After a write: the unsubscribes whose record was merged or converted move to the record that
 * now stands for the person (one `queryAll` per object says where; pass at most one batch, 200).
 * A record simply deleted, or a lookup that fails, leaves the failure as the write left it.
 */
export async function followMoves(
  db: Database,
  conn: Connection,
  outcomes: readonly UnsubscribeRecord[],
  now: number,
  countCall: () => void = () => {},
): Promise<UnsubscribeRecord[]> {
  const gone = outcomes.filter(mayHaveMoved);
  if (gone.length === 0) return [];
  let moves;
  try {
    moves = await findMoves(conn, gone, countCall);
  } catch {
    return [];
  }
  return applyMoves(db, gone, moves, now);
}

/** A batch about to be written, its person contacts taken out, and the Accounts they moved to. */
export interface PersonContactsMoved {
  readonly stay: UnsubscribeRecord[];
  readonly moved: UnsubscribeRecord[];
}

/**
 * Before a write (at most one batch, 200): no write may name a person contact through Contact,
 * so one that a stored unsubscribe names moves to its Person Account. The cost is the reason for
 * the shape: only a Contact unsubscribe not known to be a Contact of its own (`notPersonContact`:
 * stored by an earlier release, or moved to a converted Lead's Contact) is looked up, in one
 * query for the batch, and only where the org has Person Accounts (`hasPersonAccounts`, from the
 * Contact describe, asked only when there is such a record); anywhere else it is simply marked.
 * Once checked, a record is never looked up again, so a click or an import costs nothing. An
 * Account that was in the batch already comes back once, among the moved. Throws when the
 * lookup fails: nothing is written then.
 */
export async function movePersonContacts(
  db: Database,
  conn: Connection,
  batch: readonly UnsubscribeRecord[],
  hasPersonAccounts: () => Promise<boolean>,
  now: number,
  countCall: () => void = () => {},
): Promise<PersonContactsMoved> {
  const unchecked = batch.filter((r) => r.object === 'Contact' && r.notPersonContact !== true);
  if (unchecked.length === 0) return { stay: [...batch], moved: [] };
  let found = new Map<string, MovedTo>();
  if (await hasPersonAccounts()) {
    countCall();
    found = await findPersonContacts(
      conn,
      unchecked.map((r) => r.recordId),
    );
  }
  const checked = new Map(
    unchecked
      .filter((r) => !found.has(r.recordId))
      .map((r) => [r.recordId, checkedNotPersonContact(r)]),
  );
  await putUnsubscribes(db, [...checked.values()]);
  const movedOn = await applyMoves(db, unchecked, found, now);
  const movedIds = new Set(movedOn.map((r) => r.recordId));
  const stay = batch
    .filter((r) => !found.has(r.recordId) && !movedIds.has(r.recordId))
    .map((r) => checked.get(r.recordId) ?? r);
  return { stay, moved: movedOn };
}
