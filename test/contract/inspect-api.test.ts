import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect } from './helpers/emulator-client';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 37 });
});
afterAll(() => emulator.close());

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const response = await fetch(`${emulator.baseUrl}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as T };
}

describe('the /__emulator/ inspection API', () => {
  it('describes the org and reads, changes and deletes records', async () => {
    const info = await call<{ orgId: string; myDomainHost: string; samples: { contact: string } }>(
      'GET',
      '/info',
    );
    expect(info.json).toMatchObject({
      orgId: emulator.orgId,
      myDomainHost: 'acme.my.salesforce.com',
    });
    const id = info.json.samples.contact;
    const record = await call<{ fields: Record<string, unknown> }>(
      'GET',
      `/records/${id.slice(0, 15)}`,
    );
    expect(record.json.fields).toMatchObject({ Name: 'Ada Lovelace', HasOptedOutOfEmail: false });
    await call('PATCH', `/records/${id}`, { HasOptedOutOfEmail: true });
    expect(emulator.org.get(id)?.fields.HasOptedOutOfEmail).toBe(true);
    const listed = await call<Array<{ id: string }>>(
      'GET',
      `/records?object=Contact&where=${encodeURIComponent("Name = 'Ada Lovelace'")}`,
    );
    expect(listed.json.map((r) => r.id)).toEqual([id]);
    expect((await call('GET', '/records/nope')).status).toBe(400);
  });

  it('adds faults, reads the log, expires sessions and changes the schema', async () => {
    const conn = connect(emulator);
    const fault = await call<{ id: string }>('POST', '/faults', {
      pathRegex: '/limits$',
      error: 'SERVER_UNAVAILABLE',
      times: 1,
    });
    expect(fault.json.id).toMatch(/^fault-/);
    await conn.limits();
    const log = await call<Array<{ kind: string; status: number }>>('GET', '/log?kind=limits');
    expect(log.json.map((e) => e.status)).toEqual([503, 200]);
    expect((await call<{ count: number }>('GET', '/log/count?kind=limits')).json.count).toBe(2);
    await call('POST', '/reset-log');
    expect(emulator.log.count()).toBe(0);

    await call('POST', '/sessions/expire', {});
    await expect(conn.limits()).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });

    await call('POST', '/schema/Lead', {
      removeMarketoField: true,
      readOnly: ['HasOptedOutOfEmail'],
    });
    const lead = await connect(emulator).describe('Lead');
    expect(lead.fields.find((f) => f.label === 'Marketo Sales Opt Out')).toBeUndefined();
    expect(lead.fields.find((f) => f.name === 'HasOptedOutOfEmail')?.updateable).toBe(false);
    await call('POST', '/schema/Lead', { reset: true });
    expect((await call('POST', '/faults', { error: 'NOPE' })).status).toBe(400);
  });
});
