import type { SyncStateRecord } from '../db/schema';
import { bulkQuery } from '../salesforce/bulk2';
import { readInComposites } from '../salesforce/composite-queries';
import type { PersonKind } from '../person-kinds';
import { bulkWanted } from './bulk-choice';
import { storeReadRows, type SalesforceRow } from './read-rows';
import { bulkImportSoql, importSoql, QUERY_PAGE, type ImportQuery } from './queries';
import { recheckRemoved } from './recheck';
import type { Requirements } from './requirements';
import type { RunState } from './run-state';

/** What every query of one kind's read shares. */
type KindQuery = Pick<ImportQuery, 'kind' | 'fields' | 'orgKinds' | 'withAddress'>;

/**
 * Salesforce -> extension: every kind in turn from the checkpointed one, then the records
 * removed from the extension since the last run; ends by moving the run on to the records of
 * the same email addresses.
 */
export async function importPhase(
  state: RunState,
  { plans, orgKinds }: Pick<Requirements, 'plans' | 'orgKinds'>,
  sync: SyncStateRecord | undefined,
): Promise<void> {
  const kinds = [...plans.keys()];
  for (let k = state.run.checkpoint.kindIndex; k < kinds.length; k++) {
    const kind = kinds[k] as PersonKind;
    await importKind(state, { kind, fields: plans.get(kind) ?? [], orgKinds }, k);
  }
  await recheckRemoved(state, { plans, orgKinds }, sync);
  await state.save({
    phase: 'same-email',
    checkpoint: { kindIndex: 0, afterId: null },
    progress: { done: 0, total: null },
  });
}

/**
 * One kind's read, checkpointed as kind `kindIndex` of its phase (a full pass, or the records
 * changed since the watermark), in Id order from the checkpoint: a query `Id > last ORDER BY Id`
 * without a LIMIT, read through Composite requests (a query and its Query Mores, up to 10,000
 * rows a call, `readInComposites`). No COUNT() first: the first batch's `totalSize` is the number
 * of records the read has left, and above the bulk threshold the rest goes through one Bulk API
 * 2.0 job that starts after the last Id the composite stored (`Id > last`), so nothing is read
 * twice. Every batch is checkpointed (its last Id): a cut-off run resumes with a new keyset query
 * (query cursors expire; a keyset survives), and decides REST or Bulk again from its `totalSize`.
 */
export async function importKind(state: RunState, q: KindQuery, kindIndex: number): Promise<void> {
  const { run } = state;
  const since = run.fullPass ? null : run.readFrom;
  let afterId = run.checkpoint.kindIndex === kindIndex ? run.checkpoint.afterId : null;
  let bulk = false;
  let first = true;
  let done = false;
  await readInComposites<SalesforceRow>(
    state.deps.conn,
    [{ soql: importSoql({ ...q, since, afterId }) }],
    async (_, batch) => {
      const { progress } = state.run;
      const total = first ? progress.done + batch.totalSize : progress.total;
      if (first) bulk = bulkWanted(state, batch.totalSize, state.deps.options.bulkThreshold);
      first = false;
      done = batch.done;
      await storeReadRows(state, q.kind, q.fields, batch.records);
      afterId = (batch.records.at(-1)?.Id as string | undefined) ?? afterId;
      await state.save({
        checkpoint: { kindIndex, afterId },
        progress: { done: progress.done + batch.records.length, total },
      });
    },
    // The batches already in hand are stored; no further composite once Bulk takes over.
    { countCall: state.calls.count, follow: () => !bulk },
  );
  // The first composite may have read it all: a job then has nothing left to read.
  if (bulk && !done) {
    state.countBulkJob();
    await bulkImportKind(state, { ...q, since, afterId });
  }
  await state.save({ checkpoint: { kindIndex: kindIndex + 1, afterId: null } });
}

/** One Bulk API 2.0 query job for the rest of the kind; progress is saved after every page. */
async function bulkImportKind(
  state: RunState,
  q: KindQuery & Pick<ImportQuery, 'since' | 'afterId'>,
): Promise<void> {
  const { conn, options } = state.deps;
  await bulkQuery(
    conn,
    bulkImportSoql(q),
    state.calls,
    async (rows) => {
      // A bulk page is large: one IndexedDB transaction per query-page-sized slice keeps
      // the requests in flight, and memory, bounded.
      for (let i = 0; i < rows.length; i += QUERY_PAGE) {
        await storeReadRows(state, q.kind, q.fields, rows.slice(i, i + QUERY_PAGE));
      }
      const { progress } = state.run;
      await state.save({ progress: { done: progress.done + rows.length, total: progress.total } });
    },
    { pageSize: options.bulkPageSize, pollMs: options.bulkPollMs },
  );
}
