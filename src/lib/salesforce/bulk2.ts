import type { Connection } from 'jsforce/core';
import { parseCsv } from '../csv-parse';
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
}

async function waitForJob(
  conn: Connection,
  path: string,
  calls: BulkCalls,
  pollMs: number,
): Promise<JobInfo> {
  for (;;) {
    calls.count();
    const info = await conn.request<JobInfo>(path);
    if (TERMINAL.has(info.state)) {
      if (info.state !== 'JobComplete')
        throw new Error(`Bulk job ${info.id} ${info.state}: ${info.errorMessage ?? ''}`);
      return info;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function fetchText(
  conn: Connection,
  path: string,
): Promise<{ text: string; locator: string | null }> {
  const response = await fetch(`${conn.instanceUrl}${path}`, {
    headers: { Authorization: `Bearer ${conn.accessToken}`, Accept: 'text/csv' },
  });
  if (!response.ok)
    throw Object.assign(new Error(`Bulk results: HTTP ${response.status}`), {
      errorCode: `ERROR_HTTP_${response.status}`,
    });
  const locator = response.headers.get('sforce-locator');
  return { text: await response.text(), locator: locator && locator !== 'null' ? locator : null };
}

/** A query job: starts it, or resumes `jobId`, and hands each page of rows to `onPage`. */
export async function bulkQuery(
  conn: Connection,
  soql: string,
  calls: BulkCalls,
  onPage: (
    rows: Record<string, string>[],
    next: { jobId: string; locator: string | null },
  ) => Promise<void>,
  options: { pageSize: number; pollMs: number; resume?: { jobId: string; locator: string | null } },
): Promise<void> {
  let jobId = options.resume?.jobId;
  if (!jobId) {
    calls.count();
    jobId = (
      await conn.request<JobInfo>({
        method: 'POST',
        url: `${base()}/query`,
        body: JSON.stringify({ operation: 'query', query: soql }),
        headers: { 'Content-Type': 'application/json' },
      })
    ).id;
  }
  await waitForJob(conn, `${base()}/query/${jobId}`, calls, options.pollMs);
  let locator = options.resume?.locator ?? null;
  do {
    calls.count();
    const params = new URLSearchParams({ maxRecords: String(options.pageSize) });
    if (locator) params.set('locator', locator);
    const page = await fetchText(conn, `${base()}/query/${jobId}/results?${params}`);
    locator = page.locator;
    await onPage(parseCsv(page.text), { jobId, locator });
  } while (locator);
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * An update ingest job setting the given checkbox fields to true on every record (never false:
 * the sync does not clear opt-outs). Returns the records that failed, with Salesforce's error.
 * Its requests carry the duplicate rule header, which Bulk API 2.0 does not document: rows failed
 * with DUPLICATES_DETECTED are the caller's to send again (duplicate-rule-header.ts).
 */
export async function bulkSetTrue(
  conn: Connection,
  object: PersonObject,
  fields: readonly string[],
  ids: readonly string[],
  calls: BulkCalls,
  pollMs: number,
): Promise<{ id: string; error: string }[]> {
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
  await waitForJob(conn, `${base()}/ingest/${job.id}`, calls, pollMs);
  calls.count();
  const failed = await fetchText(conn, `${base()}/ingest/${job.id}/failedResults/`);
  return parseCsv(failed.text).map((row) => ({
    id: row.sf__Id ?? row.Id ?? '',
    error: row.sf__Error ?? '',
  }));
}
