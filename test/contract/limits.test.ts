import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { API_VERSION, connect, requestAs } from './helpers/emulator-client';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 2, dailyApiLimit: 50 });
});
afterAll(() => emulator.close());

describe('API limits', () => {
  it('reports DailyApiRequests and bulk allowances from /limits', async () => {
    const limits = await connect(emulator).limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 50, Remaining: 50 - emulator.apiUsage.used });
    expect(limits.DailyBulkV2QueryJobs).toMatchObject({ Max: expect.any(Number) });
    expect(limits.DailyBulkApiBatches).toMatchObject({ Max: expect.any(Number) });
  });

  it('sends Sforce-Limit-Info on every REST response and jsforce reads it', async () => {
    const conn = connect(emulator);
    await conn.describe('Lead');
    expect(conn.limitInfo).toEqual({ apiUsage: { used: emulator.apiUsage.used, limit: 50 } });
    const response = await requestAs(emulator, {
      host: emulator.myDomainHost,
      path: '/services/data/v62.0/sobjects/Nope/describe',
      headers: { authorization: `Bearer ${emulator.sessions.createSession()}` },
    });
    expect(response.status).toBe(404);
    expect(response.headers['sforce-limit-info']).toBe(`api-usage=${emulator.apiUsage.used}/50`);
    // The Versions URI does not count toward the limit, and Salesforce sends no header on it
    // (REST API Developer Guide, "Limit Info Header").
    const used = emulator.apiUsage.used;
    const versions = await requestAs(emulator, {
      host: emulator.myDomainHost,
      path: '/services/data',
    });
    expect(versions.status).toBe(200);
    expect(versions.headers['sforce-limit-info']).toBeUndefined();
    expect(emulator.apiUsage.used).toBe(used);
  });

  it('lists API versions and refuses unknown ones', async () => {
    const conn = connect(emulator);
    const versions =
      await conn.request<Array<{ version: string; url: string; label: string }>>('/services/data');
    expect(versions.at(-1)).toEqual({
      version: API_VERSION,
      url: `/services/data/v${API_VERSION}`,
      label: "Winter '27",
    });
    expect(versions.find((v) => v.version === '62.0')?.label).toBe("Winter '25");
    await expect(conn.request('/services/data/v99.0/limits')).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
    });
    const resources = await conn.request<Record<string, string>>('/services/data/v62.0/');
    expect(resources.sobjects).toBe('/services/data/v62.0/sobjects');
  });

  it('refuses API calls with REQUEST_LIMIT_EXCEEDED once the daily allowance is spent', async () => {
    const conn = connect(emulator);
    emulator.apiUsage.setUsed(50);
    await expect(conn.describe('Contact')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    const pages = await requestAs(emulator, {
      host: emulator.lightningHost,
      path: '/lightning/page/home',
    });
    expect(pages.status).toBe(200);
    emulator.apiUsage.setUsed(0);
    expect((await conn.limits()).DailyApiRequests).toEqual({ Max: 50, Remaining: 49 });
  });
});
