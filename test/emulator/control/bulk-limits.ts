import type { BulkJobStore } from '../api/bulk2-jobs';
import { sfError, type Reply } from '../http/reply';
import { DailyAllowance } from './daily-allowance';

/**
 * Bulk API 2.0's daily allocations that a fleet of clients of one org can reach ("Bulk API and
 * Bulk API 2.0 Limits and Allocations", Salesforce Developer Limits and Allocations Quick
 * Reference,
 * https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-bulkapi.html;
 * Bulk API 2.0 Developer Guide, "Limits and Allocations" and "How Requests Are Processed"):
 *
 * - query jobs: 10,000 per rolling 24 hours (`DailyBulkV2QueryJobs` in `/limits`);
 * - batches: 15,000 per rolling 24 hours, shared with Bulk API (`DailyBulkApiBatches`). In Bulk
 *   API 2.0 only ingest jobs consume batches: Salesforce makes one for every 10,000 records of a
 *   job's data, besides an initial empty one that does not count;
 * - ingest records: 150,000,000 per rolling 24 hours; a job whose data passes the limit while it
 *   is processed leaves the rest of its data unprocessed and is marked Failed.
 *
 * Creating a job beyond an allowance is refused with the guide's `ExceededQuota` ("The job or
 * batch you tried to create exceeds the allowed number for the past 24-hour period", Bulk API 2.0
 * Developer Guide, "Errors"), written in capitals as Bulk API 2.0 writes its other codes
 * (`INVALIDJOB`), with HTTP 400 ("Status Codes": the operation failed due to an invalid request).
 *
 * The guides name no limit on how many Bulk API 2.0 jobs run at once (Salesforce queues them:
 * "How Requests Are Processed"), so none is enforced; the jobs open or running at once are counted
 * (`api/bulk2-jobs.ts`) so that a client can be held to a bound of its own.
 */
export const RECORDS_PER_BATCH = 10_000;

export interface BulkAllowanceOptions {
  readonly queryJobs: number;
  readonly batches: number;
  readonly records: number;
}

export class BulkLimits {
  readonly queryJobs: DailyAllowance;
  readonly batches: DailyAllowance;
  readonly records: DailyAllowance;

  constructor(options: BulkAllowanceOptions) {
    this.queryJobs = new DailyAllowance(options.queryJobs);
    this.batches = new DailyAllowance(options.batches);
    this.records = new DailyAllowance(options.records);
  }
}

export function exceededQuota(what: string): Reply {
  return sfError(
    400,
    'EXCEEDEDQUOTA',
    `ExceededQuota : The ${what} you tried to create exceeds the allowed number for the past 24-hour period.`,
  );
}

export interface AllowanceFigures {
  readonly used: number;
  readonly max: number;
}

export interface BulkFigures {
  /** Jobs open or running now, and at most at once since the start or the last reset. */
  readonly activeJobs: number;
  readonly peakActiveJobs: number;
  readonly queryJobs: AllowanceFigures;
  readonly batches: AllowanceFigures;
  readonly records: AllowanceFigures;
}

/** What the control surface and `emu.limits.bulk()` report of Bulk API 2.0. */
export function bulkFigures(bulk: BulkJobStore, limits: BulkLimits): BulkFigures {
  const figures = ({ used, max }: DailyAllowance): AllowanceFigures => ({ used, max });
  return {
    activeJobs: bulk.active(),
    peakActiveJobs: bulk.peakActive,
    queryJobs: figures(limits.queryJobs),
    batches: figures(limits.batches),
    records: figures(limits.records),
  };
}
