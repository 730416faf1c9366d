import type { Connection } from 'jsforce/core';
import {
  MAX_QUERY_SUBREQUESTS,
  nextBatchOf,
  queryUrl,
  sendComposite,
  subrequestFailure,
  type Subrequest,
} from './composite';
import type { Failure } from '../failure';
import { pipeline } from '../pipeline';

type Row = Record<string, unknown>;

/** One batch of a query's rows, as the Query resource answers it. */
export interface QueryBatch<R extends Row = Row> {
  readonly records: R[];
  /** How many rows the whole query selects: known from its first batch, no COUNT() needed. */
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
}

/** A query to read: its SOQL (`scanAll`: through queryAll), or where its next batch is. */
export type QueryStart =
  { readonly soql: string; readonly scanAll?: boolean } | { readonly nextRecordsUrl: string };

/** A whole-request or subrequest failure of a read, thrown as jsforce throws its errors. */
export class QueryFailed extends Error {
  readonly errorCode: string;
  constructor(readonly failure: Failure) {
    super(failure.detail ?? failure.code);
    this.errorCode = failure.errorCode ?? '';
  }
}

export interface CompositeReadOptions {
  /** Called once per Composite request: each is ONE API call. */
  readonly countCall: () => void;
  /**
   * Asked, as a composite's answer arrives and before the next composite is built from it,
   * whether query `index` is still wanted, with how many rows the whole query selects (e.g. a
   * kind that moves to Bulk API 2.0 once its first batch told how large it is). Default: yes.
   */
  readonly follow?: (index: number, totalSize: number) => boolean;
}

/** Where a query stands: its SOQL, or the next batch it reached. */
interface Pending {
  readonly index: number;
  readonly start: QueryStart;
}

/** What one composite brought: its batches in order, and what the next composite reads. */
interface CompositeRead<R extends Row> {
  readonly batches: readonly { readonly index: number; readonly batch: QueryBatch<R> }[];
  readonly pending: readonly Pending[];
  /** A subrequest that failed: thrown once the batches before it are handed over. */
  readonly failure?: Failure;
}

/**
 * Every batch of several queries, through Composite requests of at most five query operations
 * (`MAX_QUERY_SUBREQUESTS`): each composite starts every pending query (its SOQL, or the
 * `nextRecordsUrl` it reached) and gives the slots left to Query More subrequests chained by
 * reference to the batch before (`@{ref.nextRecordsUrl}`), so one call brings up to five batches
 * (10,000 rows). A batch may hold fewer rows than asked with more to come ("Query Options
 * Header": the batch size is a hint), so only `done` ends a query; a chained subrequest after a
 * `done` batch is not executed (its reference names nothing) and is simply not needed.
 * `onBatch` gets every batch in order, query by query (all of a composite's batches of query 0,
 * then of query 1, …). A failed subrequest or composite throws `QueryFailed`.
 *
 * The next composite is sent as soon as the last one's answer is in (it only needs the
 * `nextRecordsUrl`s), while `onBatch` stores that answer's batches: one request in flight at a
 * time, its wait overlapping the storing (`pipeline`). `onBatch` still sees each batch only after
 * every batch before it was handled, so a checkpoint it saves covers stored rows only.
 */
export async function readInComposites<R extends Row = Row>(
  conn: Connection,
  queries: readonly QueryStart[],
  onBatch: (index: number, batch: QueryBatch<R>) => Promise<void> | void,
  options: CompositeReadOptions,
): Promise<void> {
  let last: Promise<CompositeRead<R> | undefined> | undefined;
  await pipeline(
    1,
    () => {
      last = last
        ? last.then((read) => (read?.failure ? undefined : readOnce(conn, read?.pending, options)))
        : readOnce(
            conn,
            queries.map((start, index) => ({ index, start })),
            options,
          );
      return last;
    },
    async (read) => {
      for (const { index, batch } of read.batches) await onBatch(index, batch);
      if (read.failure) throw new QueryFailed(read.failure);
    },
  );
}

/** One composite over the first pending queries; undefined when none is pending. */
async function readOnce<R extends Row>(
  conn: Connection,
  pending: readonly Pending[] | undefined,
  options: CompositeReadOptions,
): Promise<CompositeRead<R> | undefined> {
  if (!pending || pending.length === 0) return undefined;
  const heads = pending.slice(0, MAX_QUERY_SUBREQUESTS);
  const chains = heads.map((head) => [firstSubrequest(head.index, head.start)]);
  // The free slots chain Query Mores, round robin over the queries started.
  for (let slot = heads.length, c = 0; slot < MAX_QUERY_SUBREQUESTS; slot++, c++) {
    const chain = chains[c % chains.length] ?? [];
    const before = chain.at(-1);
    if (!before) break;
    chain.push({
      method: 'GET',
      url: nextBatchOf(before.referenceId),
      referenceId: `q${heads[c % chains.length]?.index ?? 0}_${chain.length}`,
    });
  }
  const answer = await sendComposite(conn, chains.flat(), options.countCall);
  if (!answer.ok) throw new QueryFailed(answer.failure);
  const batches: { index: number; batch: QueryBatch<R> }[] = [];
  const next: Pending[] = [];
  for (const [h, head] of heads.entries()) {
    let reached: string | null = null;
    let totalSize = 0;
    for (const sub of chains[h] ?? []) {
      const result = answer.results.get(sub.referenceId);
      const failure = subrequestFailure(result);
      if (failure) return { batches, pending: [], failure };
      const batch = result?.body as QueryBatch<R>;
      batches.push({ index: head.index, batch });
      totalSize = batch.totalSize;
      // After a `done` batch the chained subrequests were not executed: not needed.
      reached = batch.done ? null : (batch.nextRecordsUrl ?? null);
      if (reached === null) break;
    }
    if (reached !== null && (options.follow?.(head.index, totalSize) ?? true))
      next.push({ index: head.index, start: { nextRecordsUrl: reached } });
  }
  return { batches, pending: [...next, ...pending.slice(MAX_QUERY_SUBREQUESTS)] };
}
function firstSubrequest(index: number, start: QueryStart): Subrequest {
  const url =
    'soql' in start
      ? start.scanAll
        ? queryUrl(start.soql).replace('/query?', '/queryAll?')
        : queryUrl(start.soql)
      : start.nextRecordsUrl;
  return { method: 'GET', url, referenceId: `q${index}_0` };
}
