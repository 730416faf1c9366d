import { formatDatetime } from '../data/field-values';
import { formatId } from '../data/record-ids';
import type { RecordError } from '../data/record-error';
import type { ObjectName } from '../data/schema';
import type { PersonTable } from '../data/person-table';
import type { FieldDef } from '../data/schema';

export type JobState =
  'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

interface JobBase {
  readonly id: string;
  readonly object: ObjectName;
  readonly apiVersion: string;
  readonly createdById: string;
  readonly createdDate: number;
  readonly lineEnding: 'LF' | 'CRLF';
  state: JobState;
  systemModstamp: number;
  errorMessage: string | null;
}

export interface IngestRowResult {
  readonly id: string;
  readonly cells: readonly string[];
  readonly error?: RecordError;
}

export interface IngestJob extends JobBase {
  readonly kind: 'ingest';
  readonly operation: 'update';
  /** The uploaded CSV, until the job processes it. */
  data: string | null;
  header: readonly string[];
  results: IngestRowResult[];
  unprocessed: Array<readonly string[]>;
}

export interface QueryJob extends JobBase {
  readonly kind: 'query';
  readonly operation: 'query' | 'queryAll';
  readonly query: string;
  readonly table: PersonTable;
  readonly fields: readonly FieldDef[];
  /** Matching rows, found when the job runs. */
  rows: Int32Array | null;
}

/**
 * Bulk API 2.0 jobs and the timers that move them along; `dispose()` stops every timer. It
 * counts the jobs open or running at once (created and not yet complete, failed or aborted), for
 * the bench and tests: Salesforce documents no limit on them (`control/bulk-limits.ts`).
 */
export class BulkJobStore {
  private readonly jobs = new Map<string, IngestJob | QueryJob>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private counter = 62 ** 5;
  private peak = 0;

  constructor(private readonly pod: string) {}

  nextId(): string {
    return formatId('750', this.pod, this.counter++);
  }

  add(job: IngestJob | QueryJob): void {
    this.jobs.set(job.id, job);
    // Jobs only ever move towards a finished state, so the count can only rise here.
    this.peak = Math.max(this.peak, this.active());
  }

  /** Jobs created and not finished yet (Open, UploadComplete or InProgress). */
  active(): number {
    let count = 0;
    for (const job of this.jobs.values()) if (!isFinished(job.state)) count += 1;
    return count;
  }

  /** The most jobs open or running at once since the start or the last `resetPeak`. */
  get peakActive(): number {
    return this.peak;
  }

  resetPeak(): void {
    this.peak = this.active();
  }

  ingest(id: string): IngestJob | undefined {
    const job = this.jobs.get(id);
    return job?.kind === 'ingest' ? job : undefined;
  }

  query(id: string): QueryJob | undefined {
    const job = this.jobs.get(id);
    return job?.kind === 'query' ? job : undefined;
  }

  delete(id: string): void {
    this.jobs.delete(id);
  }

  later(delayMs: number, step: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step();
    }, delayMs);
    this.timers.add(timer);
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** The fields every job info carries, as Salesforce formats them. */
export function jobInfoBase(job: IngestJob | QueryJob): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: formatDatetime(job.createdDate),
    systemModstamp: formatDatetime(job.systemModstamp),
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
    lineEnding: job.lineEnding,
    columnDelimiter: 'COMMA',
  };
}

export function setState(job: JobBase, state: JobState): void {
  job.state = state;
  job.systemModstamp = Date.now();
}

export function isFinished(state: JobState): boolean {
  return state === 'JobComplete' || state === 'Failed' || state === 'Aborted';
}
