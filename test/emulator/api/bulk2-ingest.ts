import { exceededQuota, RECORDS_PER_BATCH, type BulkLimits } from '../control/bulk-limits';
import type { RecordFaults } from '../control/faults';
import { bulkJobTiming } from '../control/latency';
import type { RecordError } from '../data/record-error';
import type { Org } from '../data/org';
import { applyUpdate, checkUpdate } from '../data/record-update';
import { jsonBody, type Handler } from '../http/context';
import { csv, json, noContent, notFound, sfError, type Reply } from '../http/reply';
import { isFinished, jobInfoBase, setState, type IngestJob } from './bulk2-jobs';
import { csvText, parseCsv } from './csv';

function invalidJob(message: string): Reply {
  return sfError(400, 'INVALIDJOB', message);
}

function invalidState(message: string): Reply {
  return sfError(400, 'INVALIDJOBSTATE', message);
}

function ingestInfo(job: IngestJob): Record<string, unknown> {
  const failed = job.results.filter((result) => result.error).length;
  return {
    ...jobInfoBase(job),
    jobType: 'V2Ingest',
    numberRecordsProcessed: job.results.length,
    numberRecordsFailed: failed,
    retries: 0,
    totalProcessingTime: job.results.length ? 40 + job.results.length : 0,
    apiActiveProcessingTime: job.results.length ? 20 + job.results.length : 0,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

export const createIngestJob: Handler = (request, { org, bulk, bulkLimits }) => {
  const body = jsonBody(request) as Record<string, unknown> | undefined;
  const object = org.objectNamed(String(body?.object ?? ''));
  if (!object)
    return invalidJob(`InvalidJob : Unable to find object: ${String(body?.object ?? '')}`);
  if (body?.operation !== 'update') {
    return invalidJob(
      `InvalidJob : The Salesforce emulator supports only the update operation, not ${String(body?.operation)}`,
    );
  }
  if ((body.contentType ?? 'CSV') !== 'CSV' || (body.columnDelimiter ?? 'COMMA') !== 'COMMA') {
    return invalidJob('InvalidJob : The Salesforce emulator supports only comma-separated CSV');
  }
  // With the day's batches spent, a new job could not process a single one of them.
  if (bulkLimits.batches.remaining === 0) return exceededQuota('job');
  const now = Date.now();
  const job: IngestJob = {
    kind: 'ingest',
    id: bulk.nextId(),
    operation: 'update',
    object,
    apiVersion: request.version,
    createdById: org.userId,
    createdDate: now,
    systemModstamp: now,
    lineEnding: body.lineEnding === 'CRLF' ? 'CRLF' : 'LF',
    state: 'Open',
    errorMessage: null,
    data: null,
    header: [],
    results: [],
    unprocessed: [],
  };
  bulk.add(job);
  return json(200, {
    ...jobInfoBase(job),
    contentUrl: `services/data/v${request.version}/jobs/ingest/${job.id}/batches`,
  });
};

export const uploadIngestData: Handler = (request, { bulk }) => {
  const job = bulk.ingest(request.params.jobId ?? '');
  if (!job) return notFound();
  if (job.state !== 'Open') return invalidState(`Job ${job.id} is not Open`);
  if (job.data !== null) {
    return invalidState(
      `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
    );
  }
  job.data = request.body;
  return { status: 201, headers: {}, body: '' };
};

/** PATCH {state}: UploadComplete starts processing after a delay; Aborted stops the job. */
export const changeIngestState: Handler = (request, context) => {
  const job = context.bulk.ingest(request.params.jobId ?? '');
  if (!job) return notFound();
  const state = (jsonBody(request) as { state?: unknown } | undefined)?.state;
  if (state === 'Aborted') {
    if (isFinished(job.state)) return invalidState(`Job ${job.id} is already ${job.state}`);
    setState(job, 'Aborted');
    if (job.data) {
      const [header = [], ...rows] = parseCsv(job.data);
      job.header = header;
      job.unprocessed = rows;
      job.data = null;
    }
    return json(200, jobInfoBase(job));
  }
  if (state !== 'UploadComplete') return invalidState(`Unsupported state change: ${String(state)}`);
  if (job.state !== 'Open') return invalidState(`Job ${job.id} is not Open`);
  setState(job, 'UploadComplete');
  const timing = bulkJobTiming(context.options);
  context.bulk.later(timing.queuedMs, () => {
    if (job.state !== 'UploadComplete') return;
    setState(job, 'InProgress');
    processIngest(context.org, context.bulkLimits, job, request.recordFaults);
    const rows = job.results.length + job.unprocessed.length;
    context.bulk.later(timing.inProgressMs('ingest', rows), () => {
      if (job.state === 'InProgress') setState(job, 'JobComplete');
    });
  });
  return json(200, jobInfoBase(job));
};

function processIngest(org: Org, limits: BulkLimits, job: IngestJob, faults: RecordFaults): void {
  if (!job.data) {
    job.errorMessage = 'InvalidBatch : No data was uploaded for this job';
    setState(job, 'Failed');
    return;
  }
  const [header = [], ...rows] = parseCsv(job.data);
  job.data = null;
  job.header = header;
  const schema = org.schema(job.object);
  const unknown = header.find((name) => name.toLowerCase() !== 'id' && !schema.field(name));
  const idColumn = header.findIndex((name) => name.toLowerCase() === 'id');
  if (unknown !== undefined || idColumn < 0) {
    job.errorMessage = `InvalidBatch : Field name not found : ${unknown ?? 'Id'}`;
    job.unprocessed = rows;
    setState(job, 'Failed');
    return;
  }
  for (const [index, cells] of rows.entries()) {
    // Each 10,000 records are a batch of their own; past the day's batches or records the rest
    // of the data is left unprocessed and the job fails (`control/bulk-limits.ts`).
    if (index % RECORDS_PER_BATCH === 0) {
      const size = Math.min(RECORDS_PER_BATCH, rows.length - index);
      if (!limits.batches.consume() || !limits.records.consume(size)) {
        job.errorMessage = `ExceededQuota : The Bulk API daily allocation of ${
          limits.batches.remaining === 0 ? 'batches' : 'records'
        } was exceeded while processing this job`;
        job.unprocessed = rows.slice(index);
        setState(job, 'Failed');
        return;
      }
    }
    const record = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
    const rawId = cells[idColumn] ?? '';
    // No allowSave: Bulk API 2.0 documents no duplicate rule header (duplicate-rules.ts), so a row
    // a duplicate rule matches fails under "Allow" with an alert as under "Block".
    const check = checkUpdate(org, job.object, rawId, record, 'bulk', faults);
    if (check.ok) {
      applyUpdate(org, check.plan);
      job.results.push({ id: check.plan.location.id, cells });
    } else {
      job.results.push({ id: check.id ?? rawId, cells, error: check.error });
    }
  }
}

export const ingestJobInfo: Handler = (request, { bulk }) => {
  const job = bulk.ingest(request.params.jobId ?? '');
  return job ? json(200, ingestInfo(job)) : notFound();
};

/** The `sf__Error` text: `CODE:message:field,field` (`--` when no field is named). */
function errorCell(error: RecordError): string {
  return `${error.statusCode}:${error.message}:${error.fields.length ? error.fields.join(',') : '--'}`;
}

export const ingestResults: Handler = (request, { bulk }) => {
  const job = bulk.ingest(request.params.jobId ?? '');
  if (!job) return notFound();
  const succeeded: string[][] = [];
  const failed: string[][] = [];
  for (const { id, cells, error } of job.results) {
    if (error) failed.push([id, errorCell(error), ...cells]);
    else succeeded.push([id, 'false', ...cells]);
  }
  switch ((request.params.which ?? '').toLowerCase()) {
    case 'successfulresults':
      return csv(200, csvText(['sf__Id', 'sf__Created', ...job.header], succeeded));
    case 'failedresults':
      return csv(200, csvText(['sf__Id', 'sf__Error', ...job.header], failed));
    default:
      return csv(200, csvText(job.header, job.unprocessed));
  }
};

export function deleteJob(kind: 'ingest' | 'query'): Handler {
  return (request, { bulk }) => {
    const id = request.params.jobId ?? '';
    const job = kind === 'ingest' ? bulk.ingest(id) : bulk.query(id);
    if (!job) return notFound();
    if (!isFinished(job.state) && job.state !== 'Open') {
      return invalidState(`Job ${job.id} must be finished or aborted before it is deleted`);
    }
    bulk.delete(id);
    return noContent();
  };
}
