import { toCsvCell } from '../data/field-values';
import { bulkJobTiming, chargeServerTime } from '../control/latency';
import { jsonBody, type Handler } from '../http/context';
import { csv, json, notFound, sfError } from '../http/reply';
import { createRandom } from '../random';
import { compileSoql } from '../soql/compile';
import { selectRows } from '../soql/execute';
import { SoqlError } from '../soql/soql-error';
import { exceededQuota } from '../control/bulk-limits';
import { isFinished, jobInfoBase, setState, type QueryJob } from './bulk2-jobs';
import { csvText } from './csv';

/**
 * The rows in a seeded random order (`bulkQueryOrder: 'shuffled'`): a Bulk API 2.0 job without
 * ORDER BY gives no order — Salesforce chunks a large query by primary key and runs the chunks
 * in parallel ("Understanding Bulk API 2.0 Query", SOQL considerations: ORDER BY and LIMIT
 * disable PK chunking,
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm).
 */
function shuffled(rows: Int32Array, context: { options: { seed: number } }): Int32Array {
  const out = Int32Array.from(rows);
  const random = createRandom(context.options.seed ^ 0x5bd1e995);
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const a = out[i] ?? 0;
    out[i] = out[j] ?? 0;
    out[j] = a;
  }
  return out;
}

/** Result locators are, as in Salesforce, the base64 of the next row offset. */
const encodeLocator = (offset: number) => Buffer.from(String(offset)).toString('base64url');
const decodeLocator = (locator: string) => Number(Buffer.from(locator, 'base64url').toString());

function queryInfo(job: QueryJob): Record<string, unknown> {
  return {
    ...jobInfoBase(job),
    jobType: 'V2Query',
    numberRecordsProcessed: job.state === 'JobComplete' ? (job.rows?.length ?? 0) : 0,
    retries: 0,
    totalProcessingTime: job.state === 'JobComplete' ? 120 : 0,
    isPkChunkingSupported: true,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

export const createQueryJob: Handler = (request, context) => {
  const { org, bulk } = context;
  const body = jsonBody(request) as { operation?: unknown; query?: unknown; lineEnding?: unknown };
  const operation = body?.operation === 'queryAll' ? 'queryAll' : 'query';
  if (body?.operation !== undefined && body.operation !== operation) {
    return sfError(
      400,
      'INVALIDJOB',
      `InvalidJob : Unsupported operation ${String(body.operation)}`,
    );
  }
  let compiled;
  try {
    compiled = compileSoql(org, String(body?.query ?? ''));
  } catch (error) {
    if (!(error instanceof SoqlError)) throw error;
    return sfError(
      400,
      'INVALIDJOB',
      `Failed to process query: ${error.errorCode}: ${error.message}`,
    );
  }
  if (compiled.parents.length > 0) {
    // Bulk API 2.0 answers parent fields as `Account.Name` CSV columns; nothing here needs them.
    return sfError(
      400,
      'INVALIDJOB',
      'Failed to process query: the Salesforce emulator does not support relationship fields in Bulk API 2.0 queries',
    );
  }
  if (compiled.count) {
    return sfError(
      400,
      'INVALIDJOB',
      'Failed to process query: aggregate queries are not supported by Bulk API',
    );
  }
  // The day's query jobs (`control/bulk-limits.ts`): a job refused for its query is not counted.
  if (!context.bulkLimits.queryJobs.consume()) return exceededQuota('query job');
  const now = Date.now();
  const job: QueryJob = {
    kind: 'query',
    id: bulk.nextId(),
    operation,
    object: compiled.object,
    query: compiled.soql,
    table: org.tables[compiled.object],
    fields: compiled.fields,
    apiVersion: request.version,
    createdById: org.userId,
    createdDate: now,
    systemModstamp: now,
    lineEnding: body.lineEnding === 'CRLF' ? 'CRLF' : 'LF',
    state: 'UploadComplete',
    errorMessage: null,
    rows: null,
  };
  bulk.add(job);
  const timing = bulkJobTiming(context.options);
  bulk.later(timing.queuedMs, () => {
    if (job.state !== 'UploadComplete') return;
    setState(job, 'InProgress');
    const rows = selectRows(job.table, compiled, operation === 'queryAll');
    job.rows = context.options.bulkQueryOrder === 'shuffled' ? shuffled(rows, context) : rows;
    bulk.later(timing.inProgressMs('query', rows.length), () => {
      if (job.state === 'InProgress') setState(job, 'JobComplete');
    });
  });
  return json(200, jobInfoBase(job));
};

export const queryJobInfo: Handler = (request, { bulk }) => {
  const job = bulk.query(request.params.jobId ?? '');
  return job ? json(200, queryInfo(job)) : notFound();
};

export const abortQueryJob: Handler = (request, { bulk }) => {
  const job = bulk.query(request.params.jobId ?? '');
  if (!job) return notFound();
  const state = (jsonBody(request) as { state?: unknown } | undefined)?.state;
  if (state !== 'Aborted' || isFinished(job.state)) {
    return sfError(
      400,
      'INVALIDJOBSTATE',
      `Cannot change the state of job ${job.id} to ${String(state)}`,
    );
  }
  setState(job, 'Aborted');
  return json(200, jobInfoBase(job));
};

/** GET …/results?maxRecords=&locator=: one CSV page, `Sforce-Locator` naming the next (or "null"). */
export const queryJobResults: Handler = (request, context) => {
  const job = context.bulk.query(request.params.jobId ?? '');
  if (!job) return notFound();
  if (job.state !== 'JobComplete' || !job.rows) {
    return sfError(400, 'INVALIDJOBSTATE', `Job ${job.id} is not complete (state ${job.state})`);
  }
  const locator = request.query.get('locator');
  const start = locator ? decodeLocator(locator) : 0;
  if (!Number.isInteger(start) || start < 0 || start > job.rows.length) {
    return sfError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator ?? ''}`);
  }
  const requested = Number(request.query.get('maxRecords'));
  const pageSize = requested > 0 ? requested : context.options.bulkQueryPageSize;
  const end = Math.min(job.rows.length, start + pageSize);
  chargeServerTime(request, { bulkResultRows: end - start });
  const lines: string[][] = [];
  for (let i = start; i < end; i++) {
    const row = job.rows[i] ?? 0;
    lines.push(job.fields.map((field) => toCsvCell(field, job.table.get(row, field.slot))));
  }
  const eol = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
  return csv(
    200,
    csvText(
      job.fields.map((field) => field.name),
      lines,
      eol,
    ),
    {
      'sforce-locator': end < job.rows.length ? encodeLocator(end) : 'null',
      'sforce-numberofrecords': String(end - start),
    },
  );
};
