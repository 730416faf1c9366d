import type { Connection } from 'jsforce/core';
import type { Database } from '../db/open';
import type { RunRecord } from '../db/schema';
import type { Subrequest, SubrequestResult } from '../salesforce/composite';
import type { ObjectDescribe } from '../salesforce/describe';
import type { PersonKind } from '../person-kinds';
import type { OrgSettings } from '../settings';

/** What a reconcile run is given: its org, its connection and store, its clock and tuning. */

export interface ReconcileOptions {
  /**
   * A read whose first batch says it has more records than this (`totalSize`) goes on through
   * one Bulk API 2.0 query job instead of REST Composite requests.
   */
  readonly bulkThreshold: number;
  /** Above this many records to write, Bulk API 2.0 ingest jobs instead of Composite requests. */
  readonly bulkWriteThreshold: number;
  /** Rows per Bulk API 2.0 query result page (`maxRecords`): each page is one call. */
  readonly bulkPageSize: number;
  /**
   * Records per Bulk API 2.0 ingest job at most: the export gathers a round of this many
   * records' keys in memory before it sends them, a job per object and set of fields.
   */
  readonly bulkJobRecords: number;
  readonly bulkPollMs: number;
  /** Reads start this much before the last run's start: SystemModstamp is not a perfect clock. */
  readonly watermarkOverlapMs: number;
  /**
   * The run's write window is widened by this much either side before the next run leaves its
   * writes out: Salesforce stamps LastModifiedDate by its own clock, the window is the browser's.
   */
  readonly ownWritesMarginMs: number;
}

/**
 * The thresholds and sizes, from the API calls each way (each Composite request, each Bulk
 * request is one; status polls wait 2, 4, 8, 16 then 30 s: bulk2.ts):
 * - a read of R rows through REST costs ceil(R / 10,000) calls (a composite brings five batches
 *   of 2,000); through Bulk it costs the first composite (which tells `totalSize` and stores its
 *   10,000 rows) plus create 1 + polls (3 for a job of up to 14 s, 5 for one of a minute) +
 *   ceil((R - 10,000) / 250,000) result pages: 6 to 8 calls up to 260,000 rows. REST is cheaper
 *   up to about 55,000 rows; the threshold stays at 75,000, since between the two the costs
 *   differ by a call or two and the night's few Bulk jobs (bulk-choice.ts) save tens of calls
 *   on the larger reads (at 1M, a kind of 450,000 rows: 45 calls REST, 8 Bulk). Bulk also holds
 *   no REST cursor and no 10,000-row response in memory.
 * - a result page of 250,000 rows: Salesforce documents no largest `maxRecords`, only that a
 *   page stays subject to the size limits and that very large ones may time out ("Get Results
 *   for a Query Job", Bulk API 2.0 and Bulk API Developer Guide,
 *   https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm).
 *   Rows of this read (Id, Name, an address, a few checkboxes) are about 100 bytes of CSV, so a
 *   page is some 25 MB, far below the 1 GB of a result file, and read as a stream in slices
 *   (bulk2.ts), so the worker's memory does not grow with it. A 1M-record org's largest read
 *   takes 2 pages instead of 9.
 * - a write of W records through REST costs ceil(W / 1,000) calls; a Bulk ingest job costs create,
 *   upload, close, 2 to 4 polls and the failed results when a row failed, 6 to 8 per object and
 *   set of fields (one to three groups a night): REST is cheaper up to about 6,000 records for
 *   one group, 10,000 leaves room for three.
 * - an ingest job of up to 100,000 records (the largest upload is 150 MB, "Bulk API and Bulk API
 *   2.0 Limits and Allocations"; 100,000 rows of an Id and a few `true`s are about 3 MB). Salesforce
 *   splits a job into 10,000-record batches whatever its size, so the org's batch allowance is
 *   spent the same; fewer, larger jobs save the per-job calls. A 1M-record org's first night
 *   writes about 60,000 records: one round, a job per object, instead of two. The round's
 *   records are held as keys only (export-targets.ts).
 */
export const DEFAULT_RECONCILE_OPTIONS: ReconcileOptions = {
  bulkThreshold: 75_000,
  bulkWriteThreshold: 10_000,
  bulkPageSize: 250_000,
  bulkJobRecords: 100_000,
  bulkPollMs: 2_000,
  watermarkOverlapMs: 5 * 60_000,
  ownWritesMarginMs: 60_000,
};

/**
 * Describes asked for along with the first reads of a run: the run reads by what the stored ones
 * (however old) give (`guessedRequirements`), and the composite's batches count only once the
 * describes that came with them give the same reads.
 */
export interface DescribesAlong {
  /** The kinds' stored describes, however old. */
  readonly stored: ReadonlyMap<PersonKind, ObjectDescribe>;
  /** Describe subrequests for the objects not stored or too old (not query operations). */
  readonly subrequests: readonly Subrequest[];
  /**
   * Stores the describes the composite brought and returns every kind's, all fresh; throws
   * `RunStopped` when Salesforce refused one.
   */
  readonly accept: (
    results: ReadonlyMap<string, SubrequestResult>,
  ) => Promise<ReadonlyMap<PersonKind, ObjectDescribe>>;
}

export interface ReconcileDeps {
  readonly db: Database;
  readonly conn: Connection;
  readonly orgId: string;
  readonly instanceUrl: string;
  readonly settings: OrgSettings;
  /**
   * The Salesforce user the connection acts as (the LastModifiedById of the run's writes); null
   * when not known, and then the next run reads the records this one wrote again.
   */
  readonly userId: string | null;
  /**
   * The describes of these kinds' objects, stored or asked for; calls `countCall` for each API
   * request it makes.
   */
  readonly describe: (
    kinds: readonly PersonKind[],
    countCall: () => void,
  ) => Promise<ReadonlyMap<PersonKind, ObjectDescribe>>;
  /**
   * When some of these kinds' stored describes are missing or older than the nightly run takes
   * them, the subrequests that ask for them in the run's first read composite instead of a call
   * of their own (`DescribesAlong`); null when every one is fresh.
   */
  readonly describesAlong: (kinds: readonly PersonKind[]) => Promise<DescribesAlong | null>;
  /** Drops the stored describes, so that the next `describe` of every kind asks Salesforce. */
  readonly forgetDescribes: () => Promise<void>;
  readonly now: () => number;
  readonly options: ReconcileOptions;
  /** Told of every checkpoint: the options page's progress bar. */
  readonly onProgress?: (run: RunRecord) => void | Promise<void>;
}
