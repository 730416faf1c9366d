import type { Connection } from 'jsforce/core';
import { CsvParser, parseCsv, type CsvRow } from '../csv-parse';
import { API_VERSION } from './connection';
import { DUPLICATE_RULE_HEADER } from './duplicate-rule-header';
import type { PersonObject } from '../person-kinds';

/**
 * Bulk API 2.0, called directly: jsforce's bulk2 query breaks on results that span more than one
 * page (jsforce #1546, #1693), and the result pages' `Sforce-Locator` header is not exposed by
 * `conn.request`, so results are fetched with the connection's token. Every call made is
 * counted through `count`.
 */

export interface BulkCalls {
  count(): void;
}

const base = () => `/services/data/v${API_VERSION}/jobs`;
const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);

interface JobInfo {
  id: string;
  state: string;
  errorMessage?: string;
  numberRecordsProcessed?: number;
  /** An ingest job's rows that failed ("Get Information About an Ingest Job"). */
  numberRecordsFailed?: number;
}

/**
 * How status polls are spaced. Every poll is an API call, and the guide says only to repeat the
 * status request until the job is complete ("Walkthrough for Query Jobs", Bulk API 2.0 and Bulk
 * API Developer Guide,
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_walkthrough.htm),
 * naming no interval. A job sits queued for a few seconds, then runs for a time that grows with
 * its rows (a query of a million rows: a minute or so). So the first poll waits `pollMs` after
 * the job is created or closed (it is never done at once), and each wait is twice the last, up
 * to 30 s: a job of a few seconds costs two or three polls as before, a job of a minute six
 * instead of thirty at a fixed 2 s, and a finished job waits at most 30 s to be seen, a small
 * part of a night that runs for minutes. The fleet's thousand browsers poll the same way.
 */
const POLL_GROWTH = 2;
const MAX_POLL_MS = 30_000;

/** Salesforce ended a job without finishing it (state Failed or Aborted). */
class JobEnded extends Error {}

/**
 * Polls a job until it is complete. One created or closed just now (`started: 'now'`) is first
 * polled after `pollMs`; one created earlier (another job's rows were handled meanwhile, or a
 * cut-off run created it) may be done already, so it is asked at once, then as a new one.
 */
async function waitForJob(
  conn: Connection,
  path: string,
  calls: BulkCalls,
  { pollMs, maxPollMs = MAX_POLL_MS, started }: PollOptions,
): Promise<JobInfo> {
  for (let waitMs = started === 'earlier' ? 0 : pollMs; ;) {
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    calls.count();
    const info = await conn.request<JobInfo>(path);
    if (TERMINAL.has(info.state)) {
      if (info.state !== 'JobComplete')
        throw new JobEnded(`Bulk job ${info.id} ${info.state}: ${info.errorMessage ?? ''}`);
      return info;
    }
    waitMs = waitMs === 0 ? pollMs : Math.min(maxPollMs, waitMs * POLL_GROWTH);
  }
}

async function resultsResponse(conn: Connection, path: string): Promise<Response> {
  const response = await fetch(`${conn.instanceUrl}${path}`, {
    headers: { Authorization: `Bearer ${conn.accessToken}`, Accept: 'text/csv' },
  });
  if (!response.ok)
    throw Object.assign(new Error(`Bulk results: HTTP ${response.status}`), {
      errorCode: `ERROR_HTTP_${response.status}`,
    });
  return response;
}

/** The next page's locator from `Sforce-Locator`: the string "null" after the last page. */
function nextLocator(response: Response): string | null {
  const locator = response.headers.get('sforce-locator');
  return locator && locator !== 'null' ? locator : null;
}

/**
 * Where a query job's results stand: the page being read (its locator; null: the first page)
 * and how many of its rows were handed over. A job and its results are kept seven days ("Job
 * and Batch Lifespan", Bulk API 2.0 and Bulk API Developer Guide,
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/asynch_api_jobs_lifespan.htm),
 * so a run cut off in the middle goes on from here with the same job, and a page gives the same
 * rows in the same order each time it is read.
 */
export interface BulkPlace {
  readonly jobId: string;
  readonly locator: string | null;
  readonly rows: number;
}

/**
 * One result page, read from the body as it arrives and parsed as it is read, handed to
 * `onRows` in slices of `sliceSize` rows, each with the place after it, the first `page.rows`
 * rows left out (handed over before a cut-off): the page (up to `maxRecords` rows, megabytes of
 * CSV) is never held whole, as text or as rows, and the body is read no faster than `onRows`
 * stores. The page's last slice carries the next page's place, so a run cut off after it does
 * not fetch this page again. Returns the next page's locator.
 */
async function streamPage(
  conn: Connection,
  page: BulkPlace,
  pageSize: number,
  sliceSize: number,
  onRows: (rows: CsvRow[], after: BulkPlace) => Promise<void>,
): Promise<string | null> {
  const params = new URLSearchParams({ maxRecords: String(pageSize) });
  if (page.locator) params.set('locator', page.locator);
  const response = await resultsResponse(conn, `${base()}/query/${page.jobId}/results?${params}`);
  const locator = nextLocator(response);
  const parser = new CsvParser();
  const decoder = new TextDecoder();
  let seen = 0;
  let slice: CsvRow[] = [];
  const hand = async (after: BulkPlace) => {
    const full = slice;
    slice = [];
    await onRows(full, after);
  };
  const take = async (rows: readonly CsvRow[]) => {
    for (const row of rows) {
      seen += 1;
      if (seen <= page.rows) continue;
      // A full slice waits for the next row: the page's last one is handed with the next place.
      if (slice.length >= sliceSize) await hand({ ...page, rows: seen - 1 });
      slice.push(row);
    }
  };
  const reader = response.body?.getReader();
  let ended = !reader;
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      await take(parser.push(decoder.decode(value, { stream: true })));
    }
    ended = true;
  } finally {
    if (!ended) await reader?.cancel().catch(() => undefined);
  }
  await take([...parser.push(decoder.decode()), ...parser.end()]);
  if (slice.length > 0)
    await hand(locator ? { jobId: page.jobId, locator, rows: 0 } : { ...page, rows: seen });
  return locator;
}

/** Creates a query job: its results' place before any row is read. */
export async function startQueryJob(
  conn: Connection,
  soql: string,
  calls: BulkCalls,
): Promise<BulkPlace> {
  calls.count();
  const { id: jobId } = await conn.request<JobInfo>({
    method: 'POST',
    url: `${base()}/query`,
    body: JSON.stringify({ operation: 'query', query: soql }),
    headers: { 'Content-Type': 'application/json' },
  });
  return { jobId, locator: null, rows: 0 };
}

interface PollOptions {
  readonly pollMs: number;
  /** The longest wait between polls: `pollMs` polls at a fixed interval, as jsforce does. */
  readonly maxPollMs?: number;
  readonly started: 'now' | 'earlier';
}

export interface QueryJobOptions extends Omit<PollOptions, 'started'> {
  readonly pageSize: number;
  readonly sliceSize: number;
}

/**
 * A query job's rows from `place` on, handed to `onRows` in slices of at most `sliceSize`, each
 * with the place after it, page after page of `pageSize` rows (each page one call), in no
 * promised order, once the job is complete (`waitForJob`). Returns false, reading nothing, when
 * Salesforce no longer has a job created earlier or ended it (`isGone`): the caller starts anew.
 */
export async function readQueryJob(
  conn: Connection,
  place: BulkPlace,
  calls: BulkCalls,
  onRows: (rows: CsvRow[], after: BulkPlace) => Promise<void>,
  options: QueryJobOptions & { readonly started: 'now' | 'earlier' },
): Promise<boolean> {
  try {
    await waitForJob(conn, `${base()}/query/${place.jobId}`, calls, options);
  } catch (error) {
    if (options.started === 'earlier' && isGone(error)) return false;
    throw error;
  }
  for (let page: BulkPlace | null = place; page;) {
    calls.count();
    const next = await streamPage(conn, page, options.pageSize, options.sliceSize, onRows);
    page = next ? { jobId: page.jobId, locator: next, rows: 0 } : null;
  }
  return true;
}

/** Salesforce no longer has the job (NOT_FOUND: deleted, or past its lifespan) or ended it. */
const isGone = (error: unknown): boolean =>
  error instanceof JobEnded || (error as { errorCode?: unknown }).errorCode === 'NOT_FOUND';

/**
 * A query job, started and read (`readQueryJob`), or the one a cut-off run was in (`from`): read
 * on from where it stood, or started anew when Salesforce no longer has it. `onJob` is told of
 * a new job as soon as it is created.
 */
export async function bulkQuery(
  conn: Connection,
  soql: string,
  calls: BulkCalls,
  onRows: (rows: CsvRow[], after: BulkPlace) => Promise<void>,
  options: QueryJobOptions & {
    readonly from?: BulkPlace;
    readonly onJob?: (job: BulkPlace) => Promise<void>;
  },
): Promise<void> {
  const { from } = options;
  if (from && (await readQueryJob(conn, from, calls, onRows, { ...options, started: 'earlier' })))
    return;
  const place = await startQueryJob(conn, soql, calls);
  await options.onJob?.(place);
  await readQueryJob(conn, place, calls, onRows, { ...options, started: 'now' });
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Creates an update ingest job setting the given checkbox fields to true on every record (never
 * false: the sync does not clear opt-outs), uploads its rows and closes it, so Salesforce starts
 * on it; returns its Id (`ingestFailures` waits for it). Its requests carry the duplicate rule
 * header, which Bulk API 2.0 does not document: rows failed with DUPLICATES_DETECTED are the
 * caller's to send again (duplicate-rule-header.ts).
 */
export async function startSetTrueJob(
  conn: Connection,
  object: PersonObject,
  fields: readonly string[],
  ids: readonly string[],
  calls: BulkCalls,
): Promise<string> {
  calls.count();
  const job = await conn.request<JobInfo>({
    method: 'POST',
    url: `${base()}/ingest`,
    body: JSON.stringify({ object, operation: 'update', contentType: 'CSV', lineEnding: 'LF' }),
    headers: { 'Content-Type': 'application/json', ...DUPLICATE_RULE_HEADER },
  });
  const csv = [
    ['Id', ...fields].join(','),
    ...ids.map((id) => [id, ...fields.map(() => 'true')].map(csvCell).join(',')),
  ].join('\n');
  calls.count();
  await conn.request({
    method: 'PUT',
    url: `${base()}/ingest/${job.id}/batches`,
    body: csv,
    headers: { 'Content-Type': 'text/csv', ...DUPLICATE_RULE_HEADER },
  });
  calls.count();
  await conn.request({
    method: 'PATCH',
    url: `${base()}/ingest/${job.id}`,
    body: JSON.stringify({ state: 'UploadComplete' }),
    headers: { 'Content-Type': 'application/json', ...DUPLICATE_RULE_HEADER },
  });
  return job.id;
}

/**
 * An ingest job waited for (`waitForJob`: one closed earlier, while another job's outcomes were
 * stored, is asked at once), and the records that failed in it, with Salesforce's error.
 */
export async function ingestFailures(
  conn: Connection,
  jobId: string,
  calls: BulkCalls,
  options: Omit<PollOptions, 'maxPollMs'>,
): Promise<{ id: string; error: string }[]> {
  const path = `${base()}/ingest/${jobId}`;
  const done = await waitForJob(conn, path, calls, options);
  // The finished job's info counts its failed rows ("Get Information About an Ingest Job", Bulk
  // API 2.0 and Bulk API Developer Guide,
  // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm):
  // none, and there is no failed-results file worth a call.
  if (done.numberRecordsFailed === 0) return [];
  calls.count();
  const failed = await resultsResponse(conn, `${path}/failedResults/`);
  return parseCsv(await failed.text()).map((row) => ({
    id: row.sf__Id ?? row.Id ?? '',
    error: row.sf__Error ?? '',
  }));
}

/** An update ingest job, started and waited for (`startSetTrueJob`, `ingestFailures`). */
export async function bulkSetTrue(
  conn: Connection,
  object: PersonObject,
  fields: readonly string[],
  ids: readonly string[],
  calls: BulkCalls,
  pollMs: number,
): Promise<{ id: string; error: string }[]> {
  const jobId = await startSetTrueJob(conn, object, fields, ids, calls);
  return ingestFailures(conn, jobId, calls, { pollMs, started: 'now' });
}
