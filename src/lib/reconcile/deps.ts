import type { Connection } from 'jsforce/core';
import type { Database } from '../db/open';
import type { RunRecord } from '../db/schema';
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
  /** Rows per Bulk API 2.0 result page. */
  readonly bulkPageSize: number;
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
 * The thresholds, from the API calls each way (each Composite request, each Bulk request is one):
 * - a read of R rows through REST costs ceil(R / 10,000) calls (a composite brings five batches
 *   of 2,000); through Bulk it costs the first composite (which tells `totalSize` and stores its
 *   10,000 rows) plus create 1 + polls (2 to 4 for a job of a few seconds polled every 2 s) +
 *   ceil((R - 10,000) / 50,000) result pages: about 6 + (R - 10,000) / 50,000. REST is cheaper
 *   up to R = 72,500 or so, Bulk above: 75,000 (at 100k rows, 10 calls REST, 7 Bulk; at 1M, 100
 *   against 25). Bulk also holds no REST cursor and no 10,000-row response in memory.
 * - a write of W records through REST costs ceil(W / 1,000) calls; a Bulk ingest job costs create,
 *   upload, close, 2 to 4 polls and the failed results, about 8 per object and set of fields (one
 *   to three groups a night): REST is cheaper up to about 8,000 records for one group, so 10,000.
 */
export const DEFAULT_RECONCILE_OPTIONS: ReconcileOptions = {
  bulkThreshold: 75_000,
  bulkWriteThreshold: 10_000,
  bulkPageSize: 50_000,
  bulkPollMs: 2_000,
  watermarkOverlapMs: 5 * 60_000,
  ownWritesMarginMs: 60_000,
};

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
  /** A describe of the kind's object; calls `countCall` when it costs an API request. */
  readonly describe: (kind: PersonKind, countCall: () => void) => Promise<ObjectDescribe>;
  /** Drops the stored describes, so that the next `describe` of every kind asks Salesforce. */
  readonly forgetDescribes: () => Promise<void>;
  readonly now: () => number;
  readonly options: ReconcileOptions;
  /** Told of every checkpoint: the options page's progress bar. */
  readonly onProgress?: (run: RunRecord) => void | Promise<void>;
}
