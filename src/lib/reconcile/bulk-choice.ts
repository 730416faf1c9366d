import type { RunState } from './run-state';

/**
 * Bulk API 2.0 jobs one browser's nightly run may create. Every job of every browser of the org
 * draws on the org's Bulk allowance: 15,000 batches in a rolling 24 hours, shared by Bulk API and
 * Bulk API 2.0 ("Bulk API and Bulk API 2.0 Limits and Allocations",
 * https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_bulkapi.htm;
 * an ingest job counts a batch per 10,000 records it processes). A fleet of 1,000 reps at 6 jobs
 * a night is 6,000 jobs, under half of that with room for the org's own loads; a first night
 * needs at most one query job per kind for the import and one for the same-email read (3 + 3),
 * later nights none (they read what changed, in REST). Measured at 1M records: three query jobs
 * (the same-email read; the import's opted-out records stay under the threshold per kind) and
 * three ingest jobs (the export's 60,000 writes in one round of `bulkJobRecords`, a job per
 * object). Past the bound a run goes on through REST Composite requests: more calls, never a
 * Bulk limit error.
 */
export const BULK_JOBS_PER_NIGHT = 6;

/**
 * Whether `rows` records would go through a Bulk API 2.0 job rather than REST: above the
 * threshold, while the night has a job left. The job is counted when it is created
 * (`RunState.countBulkJob`).
 */
export function bulkWanted(
  state: RunState,
  rows: number,
  threshold: number,
  /** Jobs already decided on and not yet created. */
  reserved = 0,
): boolean {
  return rows > threshold && (state.run.bulkJobs ?? 0) + reserved < BULK_JOBS_PER_NIGHT;
}
