import type { RunError, RunRecord, RunStats } from '../db/schema';
import type { BulkCalls } from '../salesforce/bulk2';
import type { CompositeReadOptions } from '../salesforce/composite-queries';
import { budgetStop, BudgetReached } from './api-budget';
import type { ReconcileDeps } from './deps';

const MAX_RUN_ERRORS = 100;

export type StatsDelta = Partial<
  Pick<RunStats, 'read' | 'written' | 'imported' | 'skipped' | 'failed' | 'covered'>
>;

/**
 * A run as its phases share it: the run record as last checkpointed, with the counts and errors
 * gathered since, which reach the store with the next checkpoint.
 */
export class RunState {
  #run: RunRecord;
  #stats: RunStats;
  readonly #errors: RunError[];
  /**
   * What the connection last heard of the org's API usage before this run began (jsforce keeps
   * the last response's `Sforce-Limit-Info`, a new object each time): not this run's to judge the
   * budget by. A connection kept from a run that stopped under the floor would otherwise stop
   * the next day's run at its first checkpoint, before it has asked anything of the new day.
   */
  readonly #earlierLimitInfo: unknown;
  /**
   * Whether this run (in this worker) has asked for the describes again after a field problem:
   * it does so once (`describe-refresh.ts`).
   */
  describesRefreshed = false;
  /** What rides in the run's first read composite (`startRequirements`), until it is taken. */
  #along: CompositeReadOptions['along'];
  /**
   * Counts every API request the run makes. The export's first request opens the run's write
   * window (`RunRecord.writeWindow`): that phase sends the writes (and follows what moved).
   */
  readonly calls: BulkCalls = {
    count: () => {
      this.#stats = { ...this.#stats, apiCalls: this.#stats.apiCalls + 1 };
      if (this.#run.phase === 'export' && !this.#run.writeWindow) {
        const at = this.deps.now();
        this.#run = { ...this.#run, writeWindow: { from: at, to: at } };
      }
    },
  };

  constructor(
    readonly deps: ReconcileDeps,
    start: RunRecord,
  ) {
    this.#run = { ...start, status: 'running' };
    this.#errors = [...this.#run.errors];
    this.#stats = this.#run.stats;
    this.#earlierLimitInfo = deps.conn.limitInfo;
  }

  /** Sets what the run's first read composite carries along (its describes). */
  sendAlong(along: NonNullable<CompositeReadOptions['along']>): void {
    this.#along = along;
  }

  /** What the next read composite carries along, once: the run's first read takes it. */
  takeAlong(): CompositeReadOptions['along'] {
    const along = this.#along;
    this.#along = undefined;
    return along;
  }

  get run(): RunRecord {
    return this.#run;
  }

  add(delta: StatsDelta): void {
    const stats = this.#stats;
    this.#stats = {
      ...stats,
      read: stats.read + (delta.read ?? 0),
      written: stats.written + (delta.written ?? 0),
      imported: stats.imported + (delta.imported ?? 0),
      skipped: stats.skipped + (delta.skipped ?? 0),
      failed: stats.failed + (delta.failed ?? 0),
      covered: (stats.covered ?? 0) + (delta.covered ?? 0),
    };
  }

  /** One more Bulk API 2.0 job created: saved with the next checkpoint (bulk-choice.ts). */
  countBulkJob(): void {
    this.#run = { ...this.#run, bulkJobs: (this.#run.bulkJobs ?? 0) + 1 };
  }

  /** A write was answered: the run's write window reaches to now (saved at the next checkpoint). */
  writeAnswered(): void {
    const window = this.#run.writeWindow;
    if (window) this.#run = { ...this.#run, writeWindow: { ...window, to: this.deps.now() } };
  }

  addError(error: RunError): void {
    this.#errors.push(error);
  }

  /**
   * A checkpoint: the run record as it is now, saved and told to the progress listener. A
   * checkpoint of a run going on (no `status` in the patch) then checks the org's API budget:
   * under the floor it throws `BudgetReached`, and the run waits from this very checkpoint.
   */
  async save(patch: Partial<RunRecord>): Promise<void> {
    const { conn, db, now, onProgress, settings } = this.deps;
    const info = conn.limitInfo;
    const usage = info === this.#earlierLimitInfo ? undefined : info?.apiUsage;
    if (usage) this.#stats = { ...this.#stats, apiRemaining: usage.limit - usage.used };
    this.#run = {
      ...this.#run,
      ...patch,
      stats: this.#stats,
      errors: this.#errors.slice(0, MAX_RUN_ERRORS),
      heartbeatAt: now(),
    };
    await db.put('runs', this.#run);
    await onProgress?.(this.#run);
    if (patch.status !== undefined) return;
    const stop = budgetStop(usage, settings.apiFloorPercent);
    if (stop) throw new BudgetReached(stop);
  }
}
