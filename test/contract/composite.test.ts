import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { API_VERSION, connect } from './helpers/emulator-client';

/** The Composite resource (REST API Developer Guide, "Send Multiple Requests Using Composite"). */

interface Result {
  body: unknown;
  httpStatusCode: number;
  referenceId: string | null;
}

let emulator: Emulator;
let conn: Connection;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 3, contacts: 5000, leads: 20, optedOutRate: 0 });
  conn = connect(emulator);
});
afterAll(() => emulator.close());

const base = `/services/data/v${API_VERSION}`;
const contactSoql = 'SELECT Id, Name FROM Contact ORDER BY Id';

async function composite(body: unknown): Promise<Result[]> {
  const answer = await conn.request<{ compositeResponse: Result[] }>({
    method: 'POST',
    url: `${base}/composite`,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
  return answer.compositeResponse;
}

const query = (referenceId: string, soql = contactSoql) => ({
  method: 'GET',
  url: `${base}/query?q=${encodeURIComponent(soql)}`,
  referenceId,
});
const more = (referenceId: string, after: string) => ({
  method: 'GET',
  url: `@{${after}.nextRecordsUrl}`,
  referenceId,
});

describe('Composite', () => {
  it('chains a query and its queryMores by reference, as ONE API call', async () => {
    const usedBefore = emulator.apiUsage.used;
    const logBefore = emulator.log.count();
    const results = await composite({
      compositeRequest: [query('q'), more('m1', 'q'), more('m2', 'm1')],
    });
    expect(results.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([
      ['q', 200],
      ['m1', 200],
      ['m2', 200],
    ]);
    const bodies = results.map((r) => r.body as { records: { Id: string }[]; done: boolean });
    expect(bodies.map((b) => b.records.length)).toEqual([2000, 2000, 1000]);
    expect(bodies.map((b) => b.done)).toEqual([false, false, true]);
    const ids = bodies.flatMap((b) => b.records.map((r) => r.Id));
    expect(new Set(ids).size).toBe(5000);
    expect((results[0]?.body as { totalSize: number }).totalSize).toBe(5000);
    expect(emulator.apiUsage.used - usedBefore).toBe(1);
    const logged = emulator.log.entries().slice(logBefore);
    expect(logged.map((e) => e.kind)).toEqual(['composite']);
    expect(logged[0]?.subrequests?.map((s) => s.kind)).toEqual(['query', 'queryMore', 'queryMore']);
  });

  it('does not run a subrequest whose reference names nothing; independent ones still run', async () => {
    const small = 'SELECT Id FROM Lead WHERE Company != null ORDER BY Id';
    const results = await composite({
      compositeRequest: [query('q', small), more('m1', 'q'), query('other')],
    });
    expect(results[0]?.httpStatusCode).toBe(200);
    expect((results[0]?.body as { done: boolean }).done).toBe(true);
    expect(results[1]).toMatchObject({
      httpStatusCode: 400,
      referenceId: 'm1',
      body: [{ errorCode: 'PROCESSING_HALTED' }],
    });
    expect(String((results[1]?.body as { message: string }[])[0]?.message)).toMatch(
      /^Invalid reference specified\. No value for q\.nextRecordsUrl found in q\./,
    );
    expect(results[2]?.httpStatusCode).toBe(200);
  });

  it('follows object and array paths into an earlier result', async () => {
    const results = await composite({
      compositeRequest: [
        query('q', 'SELECT Id FROM Contact ORDER BY Id LIMIT 2'),
        {
          method: 'GET',
          url: `${base}/sobjects/Contact/@{q.records[1].Id}?fields=Id,Name`,
          referenceId: 'c',
        },
      ],
    });
    const ids = (results[0]?.body as { records: { Id: string }[] }).records.map((r) => r.Id);
    expect(results[1]).toMatchObject({ httpStatusCode: 200, body: { Id: ids[1] } });
  });

  it('refuses more than 25 subrequests, running none', async () => {
    const usedBefore = emulator.apiUsage.used;
    const results = await composite({
      compositeRequest: Array.from({ length: 26 }, (_, i) => ({
        method: 'GET',
        url: `${base}/sobjects/Contact`,
        referenceId: `r${i}`,
      })),
    });
    expect(results).toEqual([
      {
        body: [
          {
            errorCode: 'LIMIT_EXCEEDED',
            message: 'The request can’t contain more than 25 operations.',
          },
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: null,
      },
    ]);
    expect(emulator.apiUsage.used - usedBefore).toBe(1);
  });

  it('refuses more than 5 query, queryMore or sObject Collections subrequests', async () => {
    const results = await composite({
      compositeRequest: [
        query('q'),
        more('m1', 'q'),
        more('m2', 'm1'),
        more('m3', 'm2'),
        query('q2'),
        {
          method: 'PATCH',
          url: `${base}/composite/sobjects`,
          referenceId: 'w',
          body: { records: [] },
        },
      ],
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      httpStatusCode: 400,
      referenceId: null,
      body: [{ errorCode: 'LIMIT_EXCEEDED' }],
    });
  });

  it('writes sObject Collections with the subrequest’s duplicate rule header', async () => {
    const [ada, other] = emulator.org.list('Contact', { limit: 2 }).map((r) => r.id);
    emulator.org.addDuplicateRule(ada ?? '', { action: 'allow' });
    const records = [ada, other].map((Id) => ({
      attributes: { type: 'Contact' },
      Id,
      HasOptedOutOfEmail: true,
    }));
    const write = (referenceId: string, headers?: Record<string, string>) => ({
      method: 'PATCH',
      url: `${base}/composite/sobjects`,
      referenceId,
      body: { allOrNone: false, records },
      ...(headers ? { httpHeaders: headers } : {}),
    });
    const results = await composite({
      compositeRequest: [
        write('plain'),
        write('allowed', { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' }),
      ],
    });
    const outcomes = results.map((r) => (r.body as { success: boolean }[]).map((x) => x.success));
    expect(outcomes).toEqual([
      [false, true],
      [true, true],
    ]);
    const entry = emulator.log.entries({ kind: 'composite' }).at(-1);
    expect(entry?.subrequests?.map((s) => s.duplicateRuleHeader)).toEqual([
      undefined,
      'allowSave=true',
    ]);
    emulator.org.removeDuplicateRule(ada ?? '');
  });

  it('rolls back every subrequest with allOrNone when one fails (PROCESSING_HALTED)', async () => {
    const id = emulator.org.list('Contact', { limit: 11 }).at(-1)?.id;
    const before = emulator.org.get(id ?? '');
    const writesBefore = emulator.writes.entries({ id }).length;
    const results = await composite({
      allOrNone: true,
      compositeRequest: [
        {
          method: 'PATCH',
          url: `${base}/sobjects/Contact/${id}`,
          referenceId: 'ok',
          body: { HasOptedOutOfEmail: true },
        },
        { method: 'GET', url: `${base}/sobjects/Nope__c/${id}`, referenceId: 'bad' },
        query('never'),
      ],
    });
    expect(results.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([
      ['ok', 400],
      ['bad', 404],
      ['never', 400],
    ]);
    expect(results[0]?.body).toEqual([
      {
        errorCode: 'PROCESSING_HALTED',
        message:
          'The transaction was rolled back since another operation in the same transaction failed.',
      },
    ]);
    expect(emulator.org.get(id ?? '')).toEqual(before);
    expect(emulator.writes.entries({ id })).toHaveLength(writesBefore);
  });

  it('answers a subrequest fault as that subrequest’s result', async () => {
    emulator.faults.add({ kind: 'queryMore', error: 'SERVER_UNAVAILABLE', times: 1 });
    const results = await composite({
      compositeRequest: [query('q'), more('m1', 'q'), more('m2', 'm1')],
    });
    expect(results.map((r) => r.httpStatusCode)).toEqual([200, 503, 400]);
    expect(results[1]?.body).toEqual([
      { errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' },
    ]);
  });
});
