import type { BulkRead, RunRecord } from '../db/schema';
import { readQueryJob, startQueryJob, type BulkPlace } from '../salesforce/bulk2';
import { storeReadRows } from './read-rows';
import { bulkImportSoql, QUERY_PAGE, type ImportQuery } from './queries';
import type { RunState } from './run-state';
import type { StoredAddresses } from './stored-addresses';

/** A kind whose rest goes through a query job: its place among the phase's kinds, its query. */
export interface BulkKind {
  readonly index: number;
  readonly q: Omit<ImportQuery, 'ids' | 'limit'>;
}

/**
 * What the REST composites left of a phase's large kinds, through Bulk API 2.0 query jobs. Every
 * kind's job is created first, so that Salesforce runs them side by side (a job of hundreds of
 * thousands of rows takes tens of seconds), and then their results are read one job after
 * another, one result page streamed at a time (the worker's heap). Each job and where its
 * results stand are saved with every slice (`RunRecord.bulkReads`): a run cut off goes on with
 * the same jobs and stores each row once; a job Salesforce no longer has, or one that failed, is
 * created anew (counted again: such a night may pass `BULK_JOBS_PER_NIGHT` by those jobs).
 * `done` is told of each kind once its rows are stored, with the jobs still to read.
 */
export async function readThroughJobs(
  state: RunState,
  kinds: readonly BulkKind[],
  addresses: StoredAddresses | undefined,
  done: (index: number, bulkReads: readonly BulkRead[] | undefined) => Promise<void>,
): Promise<void> {
  const { conn, options } = state.deps;
  const { phase } = state.run;
  const jobs = new Map<number, BulkRead>(savedJobs(state.run, kinds));
  const earlier = new Set(jobs.keys());
  const saved = () => (jobs.size === 0 ? undefined : [...jobs.values()]);
  const start = async (kind: BulkKind) => {
    const soql = bulkImportSoql(kind.q);
    const place = await startQueryJob(conn, soql, state.calls);
    state.countBulkJob();
    const job = { phase, kindIndex: kind.index, soql, ...place };
    jobs.set(kind.index, job);
    await state.save({ bulkReads: saved() });
    return job;
  };
  for (const kind of kinds) if (!jobs.has(kind.index)) await start(kind);
  const read = {
    pageSize: options.bulkPageSize,
    sliceSize: QUERY_PAGE,
    pollMs: options.bulkPollMs,
  } as const;
  for (const [n, kind] of kinds.entries()) {
    const onRows = async (rows: Record<string, string>[], after: BulkPlace) => {
      // Its rows come in no order: sorted by Id, the slice's stored records are found in a
      // narrow key range (`getMany`).
      rows.sort((a, b) => (a.Id === b.Id ? 0 : (a.Id ?? '') < (b.Id ?? '') ? -1 : 1));
      await storeReadRows(state, kind.q.kind, kind.q.fields, rows, addresses);
      const job = jobs.get(kind.index);
      if (job) jobs.set(kind.index, { ...job, ...after });
      const { progress } = state.run;
      await state.save({
        progress: { done: progress.done + rows.length, total: progress.total },
        bulkReads: saved(),
      });
    };
    const job = jobs.get(kind.index) ?? (await start(kind));
    // The first job read was just created; the others ran while it was read.
    const started = n === 0 && !earlier.has(kind.index) ? 'now' : 'earlier';
    if (!(await readQueryJob(conn, job, state.calls, onRows, { ...read, started })))
      await readQueryJob(conn, await start(kind), state.calls, onRows, { ...read, started: 'now' });
    jobs.delete(kind.index);
    await done(kind.index, saved());
  }
}

/**
 * The jobs a cut-off run left for these kinds: of this phase, each for the same query of the
 * same kind (a resumed run may sync other kinds or fields, which would shift the indexes).
 */
export function savedJobs(
  run: Pick<RunRecord, 'phase' | 'bulkReads'>,
  kinds: readonly BulkKind[],
): Map<number, BulkRead> {
  const jobs = new Map<number, BulkRead>();
  for (const kind of kinds) {
    const job = run.bulkReads?.find((j) => j.phase === run.phase && j.kindIndex === kind.index);
    if (job?.soql === bulkImportSoql(kind.q)) jobs.set(kind.index, job);
  }
  return jobs;
}
