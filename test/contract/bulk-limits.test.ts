import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { API_VERSION, connect, requestAs, type HostResponse } from './helpers/emulator-client';

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

/**
 * Bulk API 2.0's daily allocations (Salesforce Developer Limits and Allocations Quick Reference,
 * "Bulk API and Bulk API 2.0 Limits and Allocations"): query jobs, batches (one per 10,000
 * ingested records) and ingested records, each lowered here so the test reaches it; beyond one,
 * a new job is refused with ExceededQuota, and a job whose data passes the records allocation is
 * left unprocessed and Failed. Jobs open or running at once are counted, with their peak.
 */
let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 41,
    contacts: 30,
    bulkJobDelayMs: 40,
    dailyBulkQueryJobs: 2,
    dailyBulkBatches: 3,
    dailyBulkRecords: 6,
  });
  token = emulator.sessions.createSession();
});
afterAll(() => emulator.close());

const jobs = `/services/data/v${API_VERSION}/jobs`;

function api(method: string, path: string, body?: unknown, type = 'application/json') {
  return requestAs(emulator, {
    host: emulator.myDomainHost,
    method,
    path,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': type,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

const idOf = (response: HostResponse) => (JSON.parse(response.body) as { id: string }).id;

async function stateOf(kind: 'ingest' | 'query', id: string): Promise<string> {
  return (JSON.parse((await api('GET', `${jobs}/${kind}/${id}`)).body) as { state: string }).state;
}

async function finished(kind: 'ingest' | 'query', id: string): Promise<string> {
  await expect
    .poll(() => stateOf(kind, id), { timeout: 10_000 })
    .toMatch(/^(JobComplete|Failed|Aborted)$/);
  return stateOf(kind, id);
}

/** An update job of these Contacts, closed for processing. */
async function ingest(ids: readonly string[]): Promise<HostResponse> {
  const created = await api('POST', `${jobs}/ingest`, { object: 'Contact', operation: 'update' });
  if (created.status !== 200) return created;
  const id = idOf(created);
  const csv = ['Id,HasOptedOutOfEmail', ...ids.map((i) => `${i},true`)].join('\n');
  expect((await api('PUT', `${jobs}/ingest/${id}/batches`, csv, 'text/csv')).status).toBe(201);
  expect((await api('PATCH', `${jobs}/ingest/${id}`, { state: 'UploadComplete' })).status).toBe(
    200,
  );
  return created;
}

const exceeded = (what: string) => [
  {
    errorCode: 'EXCEEDEDQUOTA',
    message: `ExceededQuota : The ${what} you tried to create exceeds the allowed number for the past 24-hour period.`,
  },
];

describe('Bulk API 2.0 daily allocations', () => {
  it('refuses a query job beyond the day’s query jobs; a job refused for its query is not counted', async () => {
    const bad = await api('POST', `${jobs}/query`, { operation: 'query', query: 'SELECT Nope' });
    expect(bad.status).toBe(400);
    for (let i = 0; i < 2; i++) {
      const created = await api('POST', `${jobs}/query`, {
        operation: 'query',
        query: 'SELECT Id FROM Contact',
      });
      expect(created.status).toBe(200);
      expect(await finished('query', idOf(created))).toBe('JobComplete');
    }
    const third = await api('POST', `${jobs}/query`, {
      operation: 'query',
      query: 'SELECT Id FROM Contact',
    });
    expect(third.status).toBe(400);
    expect(JSON.parse(third.body)).toEqual(exceeded('query job'));
    const limits = await connect(emulator, token).limits();
    expect(limits.DailyBulkV2QueryJobs).toEqual({ Max: 2, Remaining: 0 });
    expect(emulator.limits.bulk().queryJobs).toEqual({ used: 2, max: 2 });
  });

  it('fails a job whose data passes the day’s records, leaving the rest unprocessed', async () => {
    const ids = emulator.org
      .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: 10 })
      .map((r) => r.id);
    const small = await ingest(ids.slice(0, 4));
    expect(await finished('ingest', idOf(small))).toBe('JobComplete');
    // 4 of 6 records used: a job of 3 more is not processed.
    const big = await ingest(ids.slice(4, 7));
    expect(await finished('ingest', idOf(big))).toBe('Failed');
    const info = JSON.parse((await api('GET', `${jobs}/ingest/${idOf(big)}`)).body) as {
      errorMessage: string;
      numberRecordsProcessed: number;
    };
    expect(info.numberRecordsProcessed).toBe(0);
    expect(info.errorMessage).toMatch(/^ExceededQuota/);
    const unprocessed = await api('GET', `${jobs}/ingest/${idOf(big)}/unprocessedrecords`);
    expect(unprocessed.body.trim().split('\n')).toHaveLength(1 + 3);
    expect(emulator.org.get(ids[4] ?? '')?.fields.HasOptedOutOfEmail).not.toBe(true);
    expect(emulator.limits.bulk().records).toEqual({ used: 4, max: 6 });
  });

  it('refuses an ingest job once the day’s batches are spent', async () => {
    // Two batches so far (one per job above); the third is spent by a job of one record.
    const [id] = emulator.org.list('Contact', { limit: 1 }).map((r) => r.id);
    const one = await ingest([id ?? '']);
    expect(await finished('ingest', idOf(one))).toBe('JobComplete');
    expect(emulator.limits.bulk().batches).toEqual({ used: 3, max: 3 });
    const refused = await api('POST', `${jobs}/ingest`, { object: 'Contact', operation: 'update' });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toEqual(exceeded('job'));
    const limits = await connect(emulator, token).limits();
    expect(limits.DailyBulkApiBatches).toEqual({ Max: 3, Remaining: 0 });
  });
});

describe('Bulk API 2.0 jobs at once', () => {
  it('counts the jobs open or running, and the most at once', async () => {
    const other = await startEmulator({ seed: 42, contacts: 10 });
    try {
      const session = other.sessions.createSession();
      const post = (path: string, body: unknown, method = 'POST') =>
        requestAs(other, {
          host: other.myDomainHost,
          method,
          path: `${jobs}${path}`,
          headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const created = await Promise.all(
        [1, 2, 3].map(() => post('/ingest', { object: 'Contact', operation: 'update' })),
      );
      expect(other.limits.bulk()).toMatchObject({ activeJobs: 3, peakActiveJobs: 3 });
      for (const response of created)
        await post(`/ingest/${idOf(response)}`, { state: 'Aborted' }, 'PATCH');
      expect(other.limits.bulk()).toMatchObject({ activeJobs: 0, peakActiveJobs: 3 });
      const control = await fetch(`${other.baseUrl}/__emulator/limits`);
      expect(((await control.json()) as { bulk: unknown }).bulk).toMatchObject({
        activeJobs: 0,
        peakActiveJobs: 3,
        queryJobs: { used: 0, max: 10_000 },
        batches: { used: 0, max: 15_000 },
        records: { used: 0, max: 150_000_000 },
      });
      other.limits.resetPeaks();
      expect(other.limits.bulk().peakActiveJobs).toBe(0);
    } finally {
      await other.close();
    }
  });
});
