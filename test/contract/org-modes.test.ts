import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect, API_VERSION } from './helpers/emulator-client';

/**
 * The emulator's modes of a real org that the default demo org does not show: short query batches,
 * Bulk API 2.0 rows in no order, and the API refused (each shape cited in the emulator's source).
 */

describe('queryBatches: uneven (the batch size is a hint)', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 5, contacts: 3000, leads: 10, queryBatches: 'uneven' });
  });
  afterAll(() => emulator.close());

  it('answers batches under 2,000 rows, each different, with done false until the last', async () => {
    const conn = connect(emulator);
    let page = await conn.query<{ Id: string }>('SELECT Id FROM Contact ORDER BY Id LIMIT 2000');
    const sizes = [page.records.length];
    const ids = page.records.map((r) => r.Id);
    while (!page.done && page.nextRecordsUrl) {
      page = await conn.queryMore<{ Id: string }>(page.nextRecordsUrl);
      sizes.push(page.records.length);
      ids.push(...page.records.map((r) => r.Id));
    }
    expect(page.totalSize).toBe(2000);
    expect(new Set(ids).size).toBe(2000);
    expect(sizes.length).toBeGreaterThan(4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
    expect(new Set(sizes).size).toBeGreaterThan(1);
    // The same query gets the same batches: a run can be replayed.
    const again = await conn.query<{ Id: string }>('SELECT Id FROM Contact ORDER BY Id LIMIT 2000');
    expect(again.records).toHaveLength(sizes[0] ?? -1);
  });
});

describe('bulkQueryOrder: shuffled', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      seed: 9,
      contacts: 300,
      leads: 10,
      bulkJobDelayMs: 60,
      bulkQueryOrder: 'shuffled',
    });
  });
  afterAll(() => emulator.close());

  it('returns every row of a Bulk API 2.0 query job, out of Id order', async () => {
    const conn = connect(emulator);
    const job = await conn.request<{ id: string }>({
      method: 'POST',
      url: `/services/data/v${API_VERSION}/jobs/query`,
      body: JSON.stringify({ operation: 'query', query: 'SELECT Id FROM Contact' }),
      headers: { 'Content-Type': 'application/json' },
    });
    for (;;) {
      const info = await conn.request<{ state: string }>(
        `/services/data/v${API_VERSION}/jobs/query/${job.id}`,
      );
      if (info.state === 'JobComplete') break;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    const response = await fetch(
      `${emulator.baseUrl}/services/data/v${API_VERSION}/jobs/query/${job.id}/results`,
      { headers: { Authorization: `Bearer ${conn.accessToken ?? ''}` } },
    );
    const ids = (await response.text())
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.replaceAll('"', ''));
    expect(new Set(ids).size).toBe(300);
    expect(ids).not.toEqual([...ids].sort());
  });
});

describe('apiAccess: the API refused', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3, contacts: 5, leads: 5 });
  });
  afterEach(() => emulator.apiAccess.set('enabled'));
  afterAll(() => emulator.close());

  it('answers 403 API_DISABLED_FOR_ORG for an org without API access, any token', async () => {
    emulator.apiAccess.set('org-disabled');
    await expect(connect(emulator).query('SELECT Id FROM Contact')).rejects.toMatchObject({
      errorCode: 'API_DISABLED_FOR_ORG',
      message: 'The REST API is not enabled for this Organization.',
    });
    expect(emulator.log.entries({ kind: 'query' }).at(-1)?.status).toBe(403);
  });

  it('answers 403 API_CURRENTLY_DISABLED for a user without API Enabled', async () => {
    emulator.apiAccess.set('user-disabled');
    await expect(connect(emulator).query('SELECT Id FROM Contact')).rejects.toMatchObject({
      errorCode: 'API_CURRENTLY_DISABLED',
      message: 'API is disabled for this User',
    });
    expect(emulator.log.entries({ kind: 'query' }).at(-1)?.status).toBe(403);
  });

  it('with API Access Control refuses every UI sid, a fresh one too, and lets an OAuth token in', async () => {
    emulator.apiAccess.set('approved-apps-only');
    for (const sid of [emulator.sessions.createSession(), emulator.sessions.createSession()]) {
      await expect(connect(emulator, sid).query('SELECT Id FROM Contact')).rejects.toMatchObject({
        errorCode: 'INVALID_SESSION_ID',
        message: 'This session is not valid for use with the REST API',
      });
      expect(emulator.log.entries({ kind: 'query' }).at(-1)?.status).toBe(401);
    }
    const oauth = await emulator.sessions.createOAuthSession();
    expect((await connect(emulator, oauth).query('SELECT Id FROM Contact')).totalSize).toBe(5);
  });

  it('is switched over the control API too', async () => {
    const post = (mode: string) =>
      fetch(`${emulator.baseUrl}/__emulator/api-access`, {
        method: 'POST',
        body: JSON.stringify({ mode }),
      });
    expect(await (await post('user-disabled')).json()).toEqual({ mode: 'user-disabled' });
    expect(emulator.apiAccess.mode).toBe('user-disabled');
    expect((await post('nonsense')).status).toBe(400);
  });
});
