import type { Connection } from 'jsforce/core';
import type { Database } from '../db/open';
import type { RunRecord } from '../db/schema';
import type { ObjectDescribe } from '../salesforce/describe';
import type { PersonKind } from '../person-kinds';
import type { OrgSettings } from '../settings';

/** What a reconcile run is given: its org, its connection and store, its clock and tuning. */

export interface ReconcileOptions {
  /** Above this many records to read or write, Bulk API 2.0 is used instead of REST pages. */
  readonly bulkThreshold: number;
  /** Rows per Bulk API 2.0 result page. */
  readonly bulkPageSize: number;
  readonly bulkPollMs: number;
  /** Reads start this much before the last run's start: SystemModstamp is not a perfect clock. */
  readonly watermarkOverlapMs: number;
}

export const DEFAULT_RECONCILE_OPTIONS: ReconcileOptions = {
  bulkThreshold: 10_000,
  bulkPageSize: 50_000,
  bulkPollMs: 2_000,
  watermarkOverlapMs: 5 * 60_000,
};

export interface ReconcileDeps {
  readonly db: Database;
  readonly conn: Connection;
  readonly orgId: string;
  readonly instanceUrl: string;
  readonly settings: OrgSettings;
  /** A describe of the kind's object; calls `countCall` when it costs an API request. */
  readonly describe: (kind: PersonKind, countCall: () => void) => Promise<ObjectDescribe>;
  readonly now: () => number;
  readonly options: ReconcileOptions;
  /** Told of every checkpoint: the options page's progress bar. */
  readonly onProgress?: (run: RunRecord) => void | Promise<void>;
}
