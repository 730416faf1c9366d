import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import { bulkQuery, bulkSetTrue, type BulkPlace } from '../../src/lib/salesforce/bulk2';
import type { CsvRow } from '../../src/lib/csv-parse';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect } from './helpers/emulator-client';

const POLL = { pollInterval: 50, pollTimeout: 10_000 };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    seed: 23,
    contacts: 2600,
    leads: 40,
    optedOutRate: 0,
    bulkJobDelayMs: 120,
  });
});
afterAll(() => emulator.close());

function contactIds(count: number, offset: number): string[] {
  return emulator.org
    .list('Contact', { limit: count + offset })
    .slice(offset)
    .map((r) => r.id);
}

async function bulkQueryRecords(
  conn: Connection,
  soql: string,
): Promise<Array<Record<string, string>>> {
  const stream = await conn.bulk2.query(soql, POLL);
  const records: Array<Record<string, string>> = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('record', (record: Record<string, string>) => records.push(record));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  return records;
}

describe('Bulk API 2.0 ingest', () => {
  it('updates records with loadAndWaitForResults and reports per-row results', async () => {
    const conn = connect(emulator);
    const ids = contactIds(5, 100);
    emulator.org.delete(ids[3] ?? '');
    emulator.org.addValidationRule(ids[4] ?? '', 'Needs a reason');
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'update',
      input: ids.map((Id) => ({ Id, HasOptedOutOfEmail: true })),
      ...POLL,
    });
    expect(results.successfulResults).toHaveLength(3);
    expect(results.successfulResults[0]).toMatchObject({
      sf__Id: ids[0],
      sf__Created: 'false',
      Id: ids[0],
      HasOptedOutOfEmail: 'true',
    });
    expect(results.failedResults.map((r) => r.sf__Error)).toEqual([
      'ENTITY_IS_DELETED:entity is deleted:--',
      'FIELD_CUSTOM_VALIDATION_EXCEPTION:Needs a reason:--',
    ]);
    expect(results.unprocessedRecords).toEqual([]);
    expect(
      emulator.org.count('Contact', `HasOptedOutOfEmail = true AND Id IN ('${ids.join("','")}')`),
    ).toBe(3);
    const kinds = new Set(emulator.log.entries().map((e) => e.kind));
    for (const kind of [
      'bulk2-ingest-create',
      'bulk2-ingest-upload',
      'bulk2-ingest-close',
      'bulk2-ingest-status',
      'bulk2-ingest-results',
    ] as const) {
      expect(kinds).toContain(kind);
    }
    const states = emulator.log.entries({ kind: 'bulk2-ingest-status' }).length;
    expect(states).toBeGreaterThanOrEqual(2);
  });

  it('applies record faults to ingest rows and fails jobs with unknown columns', async () => {
    const conn = connect(emulator);
    const ids = contactIds(2, 200);
    emulator.faults.add({
      kind: 'bulk2-ingest-close',
      recordError: 'UNABLE_TO_LOCK_ROW',
      recordIds: [ids[0] ?? ''],
      times: 1,
    });
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'update',
      input: ids.map((Id) => ({ Id, Do_Not_Call_Sales__c: true })),
      ...POLL,
    });
    expect(results.failedResults[0]?.sf__Error).toMatch(/^UNABLE_TO_LOCK_ROW:/);
    expect(results.successfulResults.map((r) => r.sf__Id)).toEqual([ids[1]]);
    await expect(
      conn.bulk2.loadAndWaitForResults({
        object: 'Contact',
        operation: 'update',
        input: [{ Id: ids[1] ?? '', Nope__c: 'x' }],
        ...POLL,
      }),
    ).rejects.toThrow(/Field name not found : Nope__c/);
  });

  it('lets a job be aborted and deleted', async () => {
    const conn = connect(emulator);
    const job = conn.bulk2.createJob({ object: 'Lead', operation: 'update' });
    await job.open();
    await job.uploadData([{ Id: emulator.org.samples.lead ?? '', HasOptedOutOfEmail: true }]);
    await job.abort();
    const info = await job.check();
    expect(info.state).toBe('Aborted');
    await job.delete();
    await expect(job.check()).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
  });
});

describe('Bulk API 2.0 query', () => {
  it('returns a single-page result through conn.bulk2.query', async () => {
    const conn = connect(emulator);
    const records = await bulkQueryRecords(
      conn,
      'SELECT Id, Name, HasOptedOutOfEmail FROM Lead ORDER BY Id',
    );
    expect(records).toHaveLength(40);
    expect(records[0]).toEqual({
      Id: expect.stringMatching(/^00Q/),
      Name: 'Alan Turing',
      HasOptedOutOfEmail: 'false',
    });
  });

  it('pages large results with maxRecords, Sforce-Locator and Sforce-NumberOfRecords', async () => {
    const conn = connect(emulator);
    const job = await conn.request<{ id: string; state: string }>({
      method: 'POST',
      url: '/services/data/v62.0/jobs/query',
      body: JSON.stringify({ operation: 'query', query: 'SELECT Id, Email FROM Contact' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(job.state).toBe('UploadComplete');
    let info = job;
    while (info.state !== 'JobComplete') {
      await new Promise((resolve) => setTimeout(resolve, 40));
      info = await conn.request(`/services/data/v62.0/jobs/query/${job.id}`);
    }
    // jsforce's conn.request gives the parsed CSV but not the headers: read those with fetch.
    const firstPage = await conn.request<Array<Record<string, string>>>(
      `/services/data/v62.0/jobs/query/${job.id}/results?maxRecords=1000`,
    );
    expect(firstPage).toHaveLength(1000);
    const seen: string[] = [];
    let locator = '';
    for (;;) {
      const response = await fetch(
        `${emulator.baseUrl}/services/data/v62.0/jobs/query/${job.id}/results?maxRecords=1000${locator ? `&locator=${locator}` : ''}`,
        { headers: { authorization: `Bearer ${conn.accessToken}` } },
      );
      const lines = (await response.text()).trim().split('\n');
      expect(lines[0]).toBe('"Id","Email"');
      expect(Number(response.headers.get('sforce-numberofrecords'))).toBe(lines.length - 1);
      seen.push(...lines.slice(1));
      locator = response.headers.get('sforce-locator') ?? 'null';
      if (locator === 'null') break;
    }
    expect(seen).toHaveLength(emulator.org.count('Contact'));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe("the product's Bulk API 2.0 query (src/lib/salesforce/bulk2.ts)", () => {
  it('streams every row once, page after page, in slices of at most the slice size', async () => {
    const conn = connect(emulator);
    const [odd = ''] = contactIds(1, 7);
    // A value Salesforce writes quoted: a comma, a quote and a line break inside it.
    emulator.org.set(odd, { LastName: 'O"Brien, the\r\nsecond' });
    const pagesBefore = emulator.log.count({ kind: 'bulk2-query-results' });
    const pollsBefore = emulator.log.count({ kind: 'bulk2-query-status' });
    let calls = 0;
    const slices: number[] = [];
    const rows = new Map<string, CsvRow>();
    await bulkQuery(
      conn,
      'SELECT Id, LastName FROM Contact',
      { count: () => (calls += 1) },
      async (slice) => {
        slices.push(slice.length);
        for (const row of slice) {
          expect(rows.has(row.Id ?? '')).toBe(false);
          rows.set(row.Id ?? '', row);
        }
        // The next rows wait for this slice to be handled.
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
      { pageSize: 1000, sliceSize: 300, pollMs: 20 },
    );
    const total = emulator.org.count('Contact');
    expect(rows.size).toBe(total);
    expect(rows.get(odd)?.LastName).toBe('O"Brien, the\r\nsecond');
    // Each page of 1,000 in slices of 300 and what is left of it; a page is one call.
    const pages = Math.ceil(total / 1000);
    const perPage = (n: number) => [...Array<number>(Math.floor(n / 300)).fill(300), n % 300];
    const expected = Array.from({ length: pages }, (_, p) =>
      perPage(Math.min(1000, total - p * 1000)).filter((n) => n > 0),
    ).flat();
    expect(slices).toEqual(expected);
    expect(emulator.log.count({ kind: 'bulk2-query-results' }) - pagesBefore).toBe(pages);
    // The job's creation, its status polls and the pages.
    const polls = emulator.log.count({ kind: 'bulk2-query-status' }) - pollsBefore;
    expect(polls).toBeGreaterThan(0);
    expect(calls).toBe(1 + polls + pages);
  });

  it('polls a job less and less often: a job of many poll intervals costs a few polls', async () => {
    const conn = connect(emulator);
    const pollsBefore = emulator.log.count({ kind: 'bulk2-query-status' });
    let calls = 0;
    // The emulator's job takes 120 ms; polled every 10 ms it would cost a dozen polls. Waits
    // of 10, 20, 40, 80 ms see it done by the fourth (the fifth if its timer fires late).
    await bulkQuery(
      conn,
      'SELECT Id FROM Lead',
      { count: () => (calls += 1) },
      async () => undefined,
      { pageSize: 1000, sliceSize: 300, pollMs: 10 },
    );
    const polls = emulator.log.count({ kind: 'bulk2-query-status' }) - pollsBefore;
    expect(polls).toBeGreaterThan(0);
    expect(polls).toBeLessThanOrEqual(5);
    expect(calls).toBe(1 + polls + 1);
  });
});

describe("the product's Bulk API 2.0 query, resumed (`from` in bulkQuery)", () => {
  const options = { pageSize: 1000, sliceSize: 300, pollMs: 10 };
  const soql = 'SELECT Id FROM Contact';

  it('goes on with the same job after the rows handed over, page and slice', async () => {
    const conn = connect(emulator);
    const seen: string[] = [];
    const places: BulkPlace[] = [];
    await bulkQuery(
      conn,
      soql,
      { count: () => undefined },
      async (slice, after) => {
        seen.push(...slice.map((row) => row.Id ?? ''));
        places.push(after);
      },
      options,
    );
    // Pages of 1,000 in slices of 300, 300, 300 and 100: cut off after the second page's second
    // slice, 1,600 rows in.
    const at = places[5];
    expect(at).toMatchObject({ rows: 600, locator: expect.any(String) });
    // A page's last slice carries the next page's place: that page is not fetched again.
    expect(places[3]).toEqual({ ...at, rows: 0 });
    const created = emulator.log.count({ kind: 'bulk2-query-create' });
    const rest: string[] = [];
    await bulkQuery(
      conn,
      soql,
      { count: () => undefined },
      async (slice) => {
        rest.push(...slice.map((row) => row.Id ?? ''));
      },
      { ...options, ...(at ? { from: at } : {}) },
    );
    expect(emulator.log.count({ kind: 'bulk2-query-create' })).toBe(created);
    expect(rest).toEqual(seen.slice(1600));
  });

  it('starts a new job when Salesforce no longer has the one it was in', async () => {
    const conn = connect(emulator);
    const created = emulator.log.count({ kind: 'bulk2-query-create' });
    const jobs: BulkPlace[] = [];
    let rows = 0;
    await bulkQuery(
      conn,
      soql,
      { count: () => undefined },
      async (slice) => {
        rows += slice.length;
      },
      {
        ...options,
        from: { jobId: '7503D000000GoneAAA', locator: null, rows: 0 },
        onJob: async (job) => {
          jobs.push(job);
        },
      },
    );
    expect(emulator.log.count({ kind: 'bulk2-query-create' })).toBe(created + 1);
    expect(jobs).toHaveLength(1);
    expect(rows).toBe(emulator.org.count('Contact'));
  });
});

describe("the product's Bulk API 2.0 update (bulkSetTrue in src/lib/salesforce/bulk2.ts)", () => {
  it('asks for the failed results only when the finished job counts a failed row', async () => {
    const conn = connect(emulator);
    const [a = '', b = '', c = ''] = contactIds(3, 40);
    const kinds = () =>
      ['bulk2-ingest-status', 'bulk2-ingest-results'].map((kind) =>
        emulator.log.count({ kind: kind as 'bulk2-ingest-status' }),
      );
    let calls = 0;
    const count = { count: () => (calls += 1) };
    const [statusBefore = 0, resultsBefore = 0] = kinds();
    const clean = await bulkSetTrue(conn, 'Contact', ['HasOptedOutOfEmail'], [a, b], count, 10);
    expect(clean).toEqual([]);
    expect(emulator.org.get(a)?.fields.HasOptedOutOfEmail).toBe(true);
    const [statusClean = 0, resultsClean = 0] = kinds();
    expect(resultsClean - resultsBefore).toBe(0);
    // Create, upload, close and the polls: no failed-results call.
    expect(calls).toBe(3 + statusClean - statusBefore);

    emulator.org.delete(c);
    calls = 0;
    const failed = await bulkSetTrue(conn, 'Contact', ['HasOptedOutOfEmail'], [c], count, 10);
    expect(failed.map((f) => f.id)).toEqual([c]);
    expect(failed[0]?.error).toMatch(/^ENTITY_IS_DELETED:/);
    const [statusFailed = 0, resultsFailed = 0] = kinds();
    expect(resultsFailed - resultsClean).toBe(1);
    expect(calls).toBe(3 + statusFailed - statusClean + 1);
  });
});
