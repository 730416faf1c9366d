import type { SyncStateRecord } from '../db/schema';
import { bulkQuery } from '../salesforce/bulk2';
import { forEachBatch } from '../salesforce/query-batches';
import type { PersonKind } from '../person-kinds';
import { storeReadRows, type SalesforceRow } from './read-rows';
import {
  bulkImportSoql,
  importCountSoql,
  importSoql,
  QUERY_PAGE,
  type ImportQuery,
} from './queries';
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
 * One kind's read, checkpointed as kind `kindIndex` of its phase: on a full pass, REST pages or
 * one Bulk API 2.0 job as the count decides; else the records changed since the watermark.
 */
export async function importKind(state: RunState, q: KindQuery, kindIndex: number): Promise<void> {
  const { run } = state;
  const since = run.fullPass ? null : run.readFrom;
  const afterId = run.checkpoint.kindIndex === kindIndex ? run.checkpoint.afterId : null;
  // Only a full pass can be large enough for Bulk API 2.0; an incremental one reads what
  // changed since the last night, in REST pages, without a COUNT() first.
  if (afterId === null && since === null) {
    state.calls.count();
    const count = await state.deps.conn.query(importCountSoql({ ...q, since }));
    await state.save({ progress: { done: 0, total: count.totalSize } });
    if (count.totalSize > state.deps.options.bulkThreshold) {
      await bulkImportKind(state, q);
      await state.save({ checkpoint: { kindIndex: kindIndex + 1, afterId: null } });
      return;
    }
  }
  await restImportKind(state, q, kindIndex, since, afterId);
  await state.save({ checkpoint: { kindIndex: kindIndex + 1, afterId: null } });
}

/**
 * One Bulk API 2.0 query job for the whole kind, its result pages streamed in query-page-sized
 * slices: one IndexedDB transaction each, and progress saved after each, so that neither memory
 * nor the requests in flight grow with the page.
 */
async function bulkImportKind(state: RunState, q: KindQuery): Promise<void> {
  const { conn, options } = state.deps;
  await bulkQuery(
    conn,
    bulkImportSoql({ ...q, since: null }),
    state.calls,
    async (rows) => {
      await storeReadRows(state, q.kind, q.fields, rows);
      const { progress } = state.run;
      await state.save({ progress: { done: progress.done + rows.length, total: progress.total } });
    },
    { pageSize: options.bulkPageSize, sliceSize: QUERY_PAGE, pollMs: options.bulkPollMs },
  );
}

/**
 * REST pages in Id order from `afterId`: keyset pages (`Id > last`, LIMIT 2,000), each followed
 * through `queryMore` until Salesforce says `done`, since a batch may hold fewer rows than asked
 * with more to come. Every batch is checkpointed (its last Id), so a cut-off run resumes there
 * with a new keyset page. The next keyset page is asked for only when this one reached its
 * LIMIT; a page that is `done` under its LIMIT is the end of the data.
 */
async function restImportKind(
  state: RunState,
  q: KindQuery,
  kindIndex: number,
  since: string | null,
  from: string | null,
): Promise<void> {
  let afterId = from;
  for (;;) {
    const rows = await forEachBatch<SalesforceRow>(
      state.deps.conn,
      importSoql({ ...q, since, afterId }),
      async (batch) => {
        await storeReadRows(state, q.kind, q.fields, batch);
        afterId = (batch.at(-1)?.Id as string | undefined) ?? afterId;
        const { progress } = state.run;
        await state.save({
          checkpoint: { kindIndex, afterId },
          progress: { done: progress.done + batch.length, total: progress.total },
        });
      },
      { onRequest: () => state.calls.count() },
    );
    if (rows < QUERY_PAGE) break;
  }
}
