import type { Connection } from 'jsforce/core';
import { describe, expect, it } from 'vitest';
import { writeOptOuts, type OptOutWrite } from '../../src/lib/salesforce/opt-out-writes';
import type { PersonObject } from '../../src/lib/person-kinds';

interface SentRecord {
  attributes: { type: PersonObject };
  Id: string;
  [field: string]: unknown;
}

/**
 * A connection that records each sObject Collections request and answers it as Salesforce does:
 * one result per record, in the order sent; `refuse` names the records Salesforce rejects.
 */
function fakeConnection(refuse: ReadonlySet<string> = new Set()) {
  const requests: { method: string; url: string; records: SentRecord[] }[] = [];
  const conn = {
    request: ({ method, url, body }: { method: string; url: string; body: string }) => {
      const { records } = JSON.parse(body) as { records: SentRecord[] };
      requests.push({ method, url, records });
      return Promise.resolve(
        records.map((r) =>
          refuse.has(r.Id)
            ? {
                id: r.Id,
                success: false,
                errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'gone' }],
              }
            : { id: r.Id, success: true, errors: [] },
        ),
      );
    },
  };
  return { conn: conn as unknown as Connection, requests };
}

const PREFIX: Readonly<Record<PersonObject, string>> = {
  Contact: '003',
  Lead: '00Q',
  Account: '001',
};
const write = (object: PersonObject, n: number): OptOutWrite => ({
  recordId: `${PREFIX[object]}xx${String(n).padStart(10, '0')}AAA`,
  object,
  fields: [object === 'Account' ? 'PersonHasOptedOutOfEmail' : 'HasOptedOutOfEmail'],
  value: true,
});

/** The object of each run of same-type records in a request. */
const runs = (records: readonly SentRecord[]): PersonObject[] =>
  records
    .map((r) => r.attributes.type)
    .filter((type, i, types) => i === 0 || types[i - 1] !== type);

describe('the opt-out writes', () => {
  it('send mixed objects in ONE request, each object in one run, results in the caller’s order', async () => {
    // The clicked Contact first, then its same-email records, mixed as a lookup may give them.
    const writes = [
      write('Contact', 1),
      write('Lead', 2),
      write('Contact', 3),
      write('Account', 4),
      write('Lead', 5),
      write('Contact', 6),
    ];
    const { conn, requests } = fakeConnection(new Set([writes[4]?.recordId ?? '']));
    const results = await writeOptOuts(conn, writes);

    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('PATCH');
    expect(requests[0]?.url).toMatch(/\/composite\/sobjects$/);
    const sent = requests[0]?.records ?? [];
    expect(runs(sent)).toEqual(['Contact', 'Lead', 'Account']);
    // Stable within a type; the clicked record is still the first one sent.
    expect(sent.map((r) => r.Id)).toEqual([0, 2, 5, 1, 4, 3].map((i) => writes[i]?.recordId));
    expect(sent[3]).toEqual({
      attributes: { type: 'Lead' },
      Id: writes[1]?.recordId,
      HasOptedOutOfEmail: true,
    });

    expect(results.map((r) => r.recordId)).toEqual(writes.map((w) => w.recordId));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, false, true]);
    expect(results[4]).toMatchObject({ ok: false, failure: { ok: false } });
  });

  it('turn eleven alternating runs, over the 10 a request can process, into two', async () => {
    const writes = Array.from({ length: 11 }, (_, i) => write(i % 2 === 0 ? 'Contact' : 'Lead', i));
    const { conn, requests } = fakeConnection();
    const results = await writeOptOuts(conn, writes);
    expect(requests).toHaveLength(1);
    expect(runs(requests[0]?.records ?? [])).toEqual(['Contact', 'Lead']);
    expect(results.map((r) => r.recordId)).toEqual(writes.map((w) => w.recordId));
  });

  it('take two requests for 201 records (one email on more than 200 records, rare)', async () => {
    const writes = Array.from({ length: 201 }, (_, i) =>
      write(i % 3 === 0 ? 'Lead' : i % 3 === 1 ? 'Contact' : 'Account', i),
    );
    const { conn, requests } = fakeConnection();
    const results = await writeOptOuts(conn, writes);
    expect(requests.map((r) => r.records.length)).toEqual([200, 1]);
    for (const request of requests) expect(runs(request.records).length).toBeLessThanOrEqual(3);
    expect(requests.flatMap((r) => r.records.map((s) => s.Id)).sort()).toEqual(
      writes.map((w) => w.recordId).sort(),
    );
    expect(results.map((r) => r.recordId)).toEqual(writes.map((w) => w.recordId));
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('send nothing for no records, and give a whole-request failure to every record', async () => {
    const { conn, requests } = fakeConnection();
    expect(await writeOptOuts(conn, [])).toEqual([]);
    expect(requests).toHaveLength(0);

    const down = {
      request: () =>
        Promise.reject(
          Object.assign(new Error('Session expired'), { errorCode: 'INVALID_SESSION_ID' }),
        ),
    } as unknown as Connection;
    const writes = [write('Lead', 1), write('Contact', 2)];
    const results = await writeOptOuts(down, writes);
    expect(results.map((r) => [r.recordId, r.ok])).toEqual(writes.map((w) => [w.recordId, false]));
  });
});
