import type { UnsubscribeRecord } from '../db/schema';
import { putUnsubscribes } from '../db/unsubscribes';
import { groupBy } from '../group-by';
import { kindOfObject, type PersonKind } from '../person-kinds';
import { followMoves, movePersonContacts } from '../record-moves';
import { readCheckboxes } from '../salesforce/opt-out-reads';
import { COLLECTION_LIMIT } from '../salesforce/opt-out-writes';
import { readByRun } from '../unsubscribe-record';
import { sendWrites } from './export-rest';
import type { FieldPlans } from './requirements';
import type { RunState } from './run-state';
import type { WorkItem } from './write-outcomes';

/**
 * The export's side of records that move (`record-moves.ts`, shared with the outbox): before a
 * write, person contacts move to their Person Accounts; after it, a record merged away or a
 * converted Lead moves to its survivor or Contact. A moved unsubscribe is written in the same
 * run, read first so that only the fields its new record lacks are written, and every query and
 * write it takes is counted in the run's calls.
 */

/** What the export writes with: the chosen fields per kind, and the kinds the org has. */
export interface ExportPlans {
  readonly plans: FieldPlans;
  readonly orgKinds: readonly PersonKind[];
}

/** Sends (with `send`) the items Salesforce lacks, following whatever moved. */
export type Send = (items: readonly WorkItem[]) => Promise<UnsubscribeRecord[]>;

/** A moved record's moved record is followed, and so on, this many times (a chain of merges). */
const MAX_HOPS = 3;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += COLLECTION_LIMIT)
    out.push(items.slice(i, i + COLLECTION_LIMIT));
  return out;
}

/**
 * Writes stored items with `send` (a Composite request), their person contacts moved to their
 * Accounts first (each Account read and, where it lacks the fields, written in the same request
 * as the rest), then follows what the write found moved.
 */
export async function sendFollowingMoves(
  state: RunState,
  items: readonly WorkItem[],
  ctx: ExportPlans,
  send: Send,
): Promise<void> {
  const toSend = await movedBeforeWrite(state, items, ctx);
  const refused = toSend.length > 0 ? await send(toSend) : [];
  await followRefused(state, refused, ctx);
}

/**
 * The items to write, person contacts moved to their Accounts (each Account read: only what it
 * lacks is written). A Bulk round calls it as it gathers items, and `followRefused` after.
 */
export async function movedBeforeWrite(
  state: RunState,
  items: readonly WorkItem[],
  ctx: ExportPlans,
): Promise<WorkItem[]> {
  const { stay, moved } = await personContactsFirst(
    state,
    items.map((i) => i.record),
    ctx,
  );
  const missing = new Map(items.map((i) => [i.record.recordId, i.missing]));
  return [
    ...stay.map((record) => ({ record, missing: missing.get(record.recordId) ?? [] })),
    ...(await lacking(state, moved, ctx.plans)),
  ];
}

/** Where the records a write refused went (a merge, a conversion), written there. */
export async function followRefused(
  state: RunState,
  refused: readonly UnsubscribeRecord[],
  ctx: ExportPlans,
): Promise<void> {
  await writeMoved(state, await movesOf(state, refused), ctx);
}

/** Person contacts among records about to be written, moved: one query per 200 at most. */
async function personContactsFirst(
  state: RunState,
  records: readonly UnsubscribeRecord[],
  ctx: ExportPlans,
): Promise<{ stay: UnsubscribeRecord[]; moved: UnsubscribeRecord[] }> {
  const { db, conn, now } = state.deps;
  const hasPersonAccounts = () => Promise.resolve(ctx.orgKinds.includes('PersonAccount'));
  const stay: UnsubscribeRecord[] = [];
  const moved: UnsubscribeRecord[] = [];
  for (const chunk of chunks(records)) {
    const result = await movePersonContacts(db, conn, chunk, hasPersonAccounts, now(), () =>
      state.calls.count(),
    );
    stay.push(...result.stay);
    moved.push(...result.moved);
  }
  return { stay, moved };
}

/** Where refused records went: one `queryAll` per object per 200. */
async function movesOf(
  state: RunState,
  refused: readonly UnsubscribeRecord[],
): Promise<UnsubscribeRecord[]> {
  const { db, conn, now } = state.deps;
  const targets: UnsubscribeRecord[] = [];
  for (const chunk of chunks(refused))
    targets.push(...(await followMoves(db, conn, chunk, now(), () => state.calls.count())));
  return targets;
}

/** Moved unsubscribes, written where their record lacks the fields; their own moves followed. */
async function writeMoved(
  state: RunState,
  moved: readonly UnsubscribeRecord[],
  ctx: ExportPlans,
): Promise<void> {
  let targets = moved;
  for (let hop = 0; targets.length > 0 && hop < MAX_HOPS; hop++) {
    const next: UnsubscribeRecord[] = [];
    for (const chunk of chunks(targets)) {
      const checked = await personContactsFirst(state, chunk, ctx);
      next.push(...checked.moved);
      const items = await lacking(state, checked.stay, ctx.plans);
      if (items.length > 0)
        next.push(...(await movesOf(state, await sendWrites(state, items, ctx.plans))));
    }
    targets = next;
  }
}

/**
 * Reads moved unsubscribes' records (one query per object per 200) and returns what each lacks
 * of its kind's chosen fields; one that lacks nothing is confirmed by the read. A kind this run
 * skips is left waiting, for the outbox to decide.
 */
async function lacking(
  state: RunState,
  records: readonly UnsubscribeRecord[],
  plans: FieldPlans,
): Promise<WorkItem[]> {
  const { db, conn, now } = state.deps;
  const items: WorkItem[] = [];
  const complete: UnsubscribeRecord[] = [];
  const groups = [...groupBy(records, (r) => r.object)].flatMap(([object, all]) =>
    chunks(all).map((group) => [object, group] as const),
  );
  for (const [object, group] of groups) {
    const chosen = plans.get(kindOfObject(object));
    if (!chosen) continue;
    state.calls.count();
    const values = await readCheckboxes(
      conn,
      object,
      group.map((r) => r.recordId),
      chosen,
    );
    for (const stored of group) {
      // The read tells the outcome the move left unknown; the fields are the run's choice.
      const record = { ...stored, fields: chosen, outcomeUnknown: false };
      const set = chosen.filter((f) => values.get(record.recordId)?.[f] === true);
      const missing = chosen.filter((f) => !set.includes(f));
      if (missing.length > 0) items.push({ record, missing });
      else complete.push(readByRun(record, set, state.run.id, now()));
    }
  }
  await putUnsubscribes(db, complete);
  return items;
}
