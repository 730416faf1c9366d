import type { Connection } from 'jsforce/core';
import {
  MAX_QUERY_SUBREQUESTS,
  nextBatchOf,
  queryUrl,
  sendComposite,
  subrequestFailure,
  type Subrequest,
  type SubrequestResult,
} from './composite';
import type { Failure } from '../failure';

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
  /**
   * Subrequests that ride in the first composite (not query operations: the run's describes,
   * `DescribesAlong`), and the check of their results, made before any batch of that composite
   * is handed over or any failure of it thrown: what the check throws ends the read.
   */
  readonly along?: {
    readonly subrequests: readonly Subrequest[];
    readonly check: (results: ReadonlyMap<string, SubrequestResult>) => Promise<void>;
  };
}

/** Where a query stands: its SOQL, or the next batch it reached. */
interface Pending {
  readonly index: number;
  readonly start: QueryStart;
  /** Rows of it not read yet, as its `totalSize` tells (unknown before its first batch). */
  readonly left?: number;
  /** Rows of it read so far. */
  readonly read?: number;
}

/** What one composite brought: its batches in order, and what the next composite reads. */
interface CompositeRead<R extends Row> {
  readonly batches: readonly { readonly index: number; readonly batch: QueryBatch<R> }[];
  readonly pending: readonly Pending[];
  /** A subrequest that failed: thrown once the batches before it are handed over. */
  readonly failure?: Failure;
}

/**
 * Read chains once a read proves large (`readInComposites`). One, and one composite at a time in
 * it, each sent once the last one's batches are stored: a composite answer of up to 10,000 rows
 * is one JSON body that jsforce holds whole, and in Chromium's service worker one such answer
 * alive at a time already took the heap to 62.3 MB above idle at 1M records
 * (`npm run bench:heap`); the next one in flight while storing took it to 100.2 MB, and two
 * chains to 136.9 MB. Salesforce would serve more in parallel, but the heap is what a rep's
 * browser pays, and a thousand reps' browsers read from the same org. The writes, whose answers
 * are small, still overlap (`WRITES_IN_FLIGHT`).
 */
export const READ_CHAINS = 1;

/**
 * Every batch of several queries, through Composite requests of at most five query operations
 * (`MAX_QUERY_SUBREQUESTS`): each composite starts every pending query of its chain (its SOQL, or
 * the `nextRecordsUrl` it reached) and gives the slots left to Query More subrequests chained by
 * reference to the batch before (`@{ref.nextRecordsUrl}`), so one call brings up to five batches
 * (10,000 rows). A batch may hold fewer rows than asked with more to come ("Query Options
 * Header": the batch size is a hint), so only `done` ends a query; a chained subrequest after a
 * `done` batch is not executed (its reference names nothing) and is simply not needed. A failed
 * subrequest or composite throws `QueryFailed`.
 *
 * The first composite starts every query (a small read ends there: one call). When what its
 * batches' `totalSize` leave is more than another composite brings, the queries left are dealt to
 * `READ_CHAINS` chains of about as many rows each (a query stays in one chain: its cursor is
 * sequential), and each chain splits at most one composite more than a single chain would: one
 * call. In every chain one composite is in flight at a time, sent once its chain's last answer
 * is stored (one answer alive: `READ_CHAINS`). `onBatch` gets one batch at a time, every query's batches in order, and a batch
 * only once every earlier batch of its query was handled, so a checkpoint it saves covers stored
 * rows only.
 */
export async function readInComposites<R extends Row = Row>(
  conn: Connection,
  queries: readonly QueryStart[],
  onBatch: (index: number, batch: QueryBatch<R>) => Promise<void> | void,
  options: CompositeReadOptions,
): Promise<void> {
  const stop: { failed: boolean; error?: unknown } = { failed: false };
  const fail = (error: unknown) => {
    if (stop.failed) return;
    stop.failed = true;
    stop.error = error;
  };
  // One batch handed over at a time, whichever chain brought it; none after a failure.
  let handed: Promise<void> = Promise.resolve();
  const handOver = (index: number, batch: QueryBatch<R>): Promise<void> => {
    const turn = handed.then(async () => {
      if (stop.failed) throw stop.error;
      await onBatch(index, batch);
    });
    handed = turn.catch(() => undefined);
    return turn;
  };
  const first = await readOnce<R>(
    conn,
    queries.map((start, index) => ({ index, start })),
    options,
    options.along,
  );
  if (!first) return;
  const perComposite =
    MAX_QUERY_SUBREQUESTS * Math.max(...first.batches.map((b) => b.batch.records.length), 1);
  const chains = first.failure ? [] : dealt(first.pending, perComposite);
  // The first answer is stored before the chains ask for more (one answer alive at a time).
  for (const { index, batch } of first.batches) await handOver(index, batch);
  if (first.failure) throw new QueryFailed(first.failure);
  await Promise.all(
    chains.map((pending) =>
      readChain(conn, pending, handOver, options, () => stop.failed).catch(fail),
    ),
  );
  if (stop.failed) throw stop.error;
}

/**
 * The queries left, as one chain, or dealt to `READ_CHAINS` chains of about as many rows each
 * (the largest first, each to the chain with fewer) when more is left than one composite brings.
 */
function dealt(pending: readonly Pending[], perComposite: number): Pending[][] {
  if (pending.length === 0) return [];
  const left = (p: Pending) => p.left ?? perComposite;
  const total = pending.reduce((sum, p) => sum + left(p), 0);
  if (pending.length < 2 || total <= perComposite) return [[...pending]];
  const chains = Array.from({ length: READ_CHAINS }, () => ({ rows: 0, pending: [] as Pending[] }));
  for (const p of [...pending].sort((a, b) => left(b) - left(a))) {
    const lightest = chains.reduce((a, b) => (b.rows < a.rows ? b : a));
    lightest.rows += left(p);
    lightest.pending.push(p);
  }
  return chains.filter((c) => c.pending.length > 0).map((c) => c.pending);
}

/** One chain of composites, each sent once the last one's batches are stored. */
async function readChain<R extends Row>(
  conn: Connection,
  pending: readonly Pending[],
  handOver: (index: number, batch: QueryBatch<R>) => Promise<void>,
  options: CompositeReadOptions,
  stopped: () => boolean,
): Promise<void> {
  for (let read = await readOnce<R>(conn, pending, options); read && !stopped();) {
    for (const { index, batch } of read.batches) await handOver(index, batch);
    if (read.failure) throw new QueryFailed(read.failure);
    read = await readOnce<R>(conn, read.pending, options);
  }
}

/**
 * One composite over the first pending queries, with the subrequests `along` it (checked first);
 * undefined when nothing is to be sent.
 */
async function readOnce<R extends Row>(
  conn: Connection,
  pending: readonly Pending[] | undefined,
  options: CompositeReadOptions,
  along?: CompositeReadOptions['along'],
): Promise<CompositeRead<R> | undefined> {
  if ((!pending || pending.length === 0) && !along) return undefined;
  const heads = (pending ?? []).slice(0, MAX_QUERY_SUBREQUESTS);
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
  const answer = await sendComposite(
    conn,
    [...chains.flat(), ...(along?.subrequests ?? [])],
    options.countCall,
  );
  if (!answer.ok) throw new QueryFailed(answer.failure);
  await along?.check(answer.results);
  const batches: { index: number; batch: QueryBatch<R> }[] = [];
  const next: Pending[] = [];
  for (const [h, head] of heads.entries()) {
    let reached: string | null = null;
    let totalSize = 0;
    let read = head.read ?? 0;
    for (const sub of chains[h] ?? []) {
      const result = answer.results.get(sub.referenceId);
      const failure = subrequestFailure(result);
      if (failure) return { batches, pending: [], failure };
      const batch = result?.body as QueryBatch<R>;
      batches.push({ index: head.index, batch });
      totalSize = batch.totalSize;
      read += batch.records.length;
      // After a `done` batch the chained subrequests were not executed: not needed.
      reached = batch.done ? null : (batch.nextRecordsUrl ?? null);
      if (reached === null) break;
    }
    if (reached !== null && (options.follow?.(head.index, totalSize) ?? true))
      next.push({
        index: head.index,
        start: { nextRecordsUrl: reached },
        left: totalSize - read,
        read,
      });
  }
  return { batches, pending: [...next, ...(pending ?? []).slice(MAX_QUERY_SUBREQUESTS)] };
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
