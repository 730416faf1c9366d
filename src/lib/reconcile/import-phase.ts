import type { RunCheckpoint, SyncStateRecord } from '../db/schema';
import { readInComposites } from '../salesforce/composite-queries';
import { bulkWanted } from './bulk-choice';
import { readThroughJobs, savedJobs } from './bulk-reads';
import { storeReadRows, type SalesforceRow } from './read-rows';
import { importSoql, type ImportQuery } from './queries';
import { recheckRemoved } from './recheck';
import type { Requirements } from './requirements';
import type { RunState } from './run-state';
import type { StoredAddresses } from './stored-addresses';

/** What every query of one kind's read shares. */
export type KindQuery = Pick<
  ImportQuery,
  'kind' | 'fields' | 'orgKinds' | 'withAddress' | 'leaveOut'
>;

/**
 * Salesforce -> extension: every kind from the checkpointed one, then the records removed from
 * the extension since the last run; ends by moving the run on to the records of the same email
 * addresses.
 */
export async function importPhase(
  state: RunState,
  { plans, orgKinds }: Pick<Requirements, 'plans' | 'orgKinds'>,
  sync: SyncStateRecord | undefined,
): Promise<void> {
  const kinds = [...plans.keys()];
  const { leaveOut } = state.run;
  await importKinds(
    state,
    kinds.map((kind) => ({ kind, fields: plans.get(kind) ?? [], orgKinds, leaveOut })),
  );
  await recheckRemoved(state, { plans, orgKinds }, sync);
  await state.save({
    phase: 'same-email',
    checkpoint: { kindIndex: 0, afterId: null },
    progress: { done: 0, total: null },
  });
}

/** Where one kind's read stands. */
interface KindRead {
  readonly q: KindQuery;
  /** Its index among the phase's kinds (the checkpoint's `kindIndex`). */
  readonly index: number;
  afterId: string | null;
  done: boolean;
  /** Whether the rest goes through a Bulk API 2.0 job (decided by its first batch). */
  bulk: boolean;
  /** Whether `bulk` was decided (as its first answer arrived). */
  decided: boolean;
  /** No batch of it stored yet (the progress total grows by its `totalSize`). */
  first: boolean;
}

/**
 * The kinds' reads (a full pass, or the records changed since the watermark), checkpointed as
 * kinds of their phase, each in Id order from its checkpoint: a query `Id > last ORDER BY Id`
 * without a LIMIT, all the kinds' queries in the same Composite requests, each followed through
 * Query Mores chained by reference (up to five batches, 10,000 rows, a call: `readInComposites`).
 * No COUNT() first: a kind's first batch's `totalSize` is the number of records its read has
 * left, and above the bulk threshold the rest goes through one Bulk API 2.0 job that starts after
 * the last Id stored (`Id > last`), so nothing is read twice. Every batch is checkpointed (each
 * kind's last Id, or done): a cut-off run resumes with new keyset queries (query cursors expire;
 * a keyset survives) and decides REST or Bulk again from their `totalSize`.
 */
export async function importKinds(
  state: RunState,
  queries: readonly KindQuery[],
  /** The store's addresses, for the same-email check of every row (`storeReadRows`). */
  addresses?: StoredAddresses,
): Promise<void> {
  const { run } = state;
  const since = run.fullPass ? null : run.readFrom;
  const { kindIndex, afterId, later = {} } = run.checkpoint;
  const reads: KindRead[] = queries
    .map((q, index) => {
      const at = index === kindIndex ? afterId : (later[index] ?? null);
      return { q, index, afterId: at === 'done' ? null : at, done: at === 'done' };
    })
    .filter((r) => r.index >= kindIndex && !r.done)
    .map((r) => ({ ...r, bulk: false, decided: false, first: true }));
  const bulkKind = (r: KindRead) => ({ index: r.index, q: { ...r.q, since, afterId: r.afterId } });
  // A kind whose query job a cut-off run created goes on with that job, not through REST.
  const inJob = savedJobs(run, reads.map(bulkKind));
  const rest = reads.filter((r) => !inJob.has(r.index));
  const end = { kindIndex: queries.length, afterId: null };
  const decideBulk = (read: KindRead | undefined, totalSize: number): boolean => {
    if (!read) return false;
    if (read.decided) return read.bulk;
    read.decided = true;
    const reserved = reads.filter((r) => r.bulk && !r.done).length;
    read.bulk = bulkWanted(state, totalSize, state.deps.options.bulkThreshold, reserved);
    return read.bulk;
  };
  await readInComposites<SalesforceRow>(
    state.deps.conn,
    rest.map((r) => ({ soql: importSoql({ ...r.q, since, afterId: r.afterId }) })),
    async (i, batch) => {
      const read = rest[i];
      if (!read) return;
      const { progress } = state.run;
      const total = read.first
        ? (progress.total ?? progress.done) + batch.totalSize
        : progress.total;
      read.first = false;
      read.done = batch.done;
      await storeReadRows(state, read.q.kind, read.q.fields, batch.records, addresses);
      read.afterId = (batch.records.at(-1)?.Id as string | undefined) ?? read.afterId;
      await state.save({
        checkpoint: checkpointOf(reads, end),
        progress: { done: progress.done + batch.records.length, total },
      });
    },
    // Decided as a kind's first answer arrives, before the next composite is built: the batches
    // in hand are stored, and no further composite reads a kind that Bulk takes over.
    {
      countCall: state.calls.count,
      follow: (i, totalSize) => !decideBulk(rest[i], totalSize),
      along: state.takeAlong(),
    },
  );
  // What the composites left of the large kinds: a Bulk job each (none if they read it all).
  await readThroughJobs(
    state,
    reads.filter((r) => !r.done).map(bulkKind),
    addresses,
    async (index, bulkReads) => {
      const read = reads.find((r) => r.index === index);
      if (read) read.done = true;
      await state.save({ checkpoint: checkpointOf(reads, end), bulkReads });
    },
  );
  await state.save({ checkpoint: end });
}

/** The first kind not done with its last Id, and where each later kind stands. */
function checkpointOf(reads: readonly KindRead[], end: RunCheckpoint): RunCheckpoint {
  const pending = reads.find((r) => !r.done);
  if (!pending) return end;
  const later: Record<number, string | 'done'> = {};
  for (const r of reads) {
    if (r.index <= pending.index) continue;
    if (r.done) later[r.index] = 'done';
    else if (r.afterId !== null) later[r.index] = r.afterId;
  }
  return {
    kindIndex: pending.index,
    afterId: pending.afterId,
    ...(Object.keys(later).length > 0 ? { later } : {}),
  };
}
