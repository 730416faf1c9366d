import type { Connection } from 'jsforce/core';
import { describe, expect, it } from 'vitest';
import { readInComposites, type QueryBatch } from '../../src/lib/salesforce/composite-queries';
import { writeOptOutsInComposite, type OptOutWrite } from '../../src/lib/salesforce/opt-out-writes';

/** The product's Composite client against a scripted answer: what it sends, what it makes of it. */

interface Sub {
  method: string;
  url: string;
  referenceId: string;
  body?: { records?: { Id: string }[] };
  httpHeaders?: Record<string, string>;
}
type Answer = (subs: Sub[]) => unknown;

function fakeConnection(answer: Answer) {
  const sent: Sub[][] = [];
  const conn = {
    request: ({ url, body }: { url: string; body: string }) => {
      expect(url).toMatch(/\/composite$/);
      const subs = (JSON.parse(body) as { compositeRequest: Sub[] }).compositeRequest;
      sent.push(subs);
      return Promise.resolve(answer(subs));
    },
  };
  return { conn: conn as unknown as Connection, sent };
}

const ok = (referenceId: string, body: unknown) => ({
  body,
  httpHeaders: {},
  httpStatusCode: 200,
  referenceId,
});

describe('reads through Composite requests', () => {
  /** A query of `rows` rows served in batches of `size`; locators are `/next/<offset>`. */
  function table(rows: number, size: number): Answer {
    const batch = (offset: number): QueryBatch => {
      const end = Math.min(rows, offset + size);
      const records = Array.from({ length: end - offset }, (_, i) => ({ Id: `r${offset + i}` }));
      return end < rows
        ? { totalSize: rows, done: false, nextRecordsUrl: `/next/${end}`, records }
        : { totalSize: rows, done: true, records };
    };
    return (subs) => {
      const byRef = new Map<string, QueryBatch>();
      return {
        compositeResponse: subs.map((sub) => {
          const ref = /^@\{(\w+)\.nextRecordsUrl\}$/.exec(sub.url)?.[1];
          const url = ref ? byRef.get(ref)?.nextRecordsUrl : sub.url;
          if (!url)
            return {
              body: [{ errorCode: 'PROCESSING_HALTED', message: 'Invalid reference specified.' }],
              httpHeaders: {},
              httpStatusCode: 400,
              referenceId: sub.referenceId,
            };
          const b = batch(url.startsWith('/next/') ? Number(url.slice(6)) : 0);
          byRef.set(sub.referenceId, b);
          return ok(sub.referenceId, b);
        }),
      };
    };
  }

  it('chains five batches a call by reference, and only `done` ends the data', async () => {
    const { conn, sent } = fakeConnection(table(2300, 200));
    const ids: string[] = [];
    let calls = 0;
    await readInComposites(
      conn,
      [{ soql: 'SELECT Id FROM Contact' }],
      (_, b) => {
        ids.push(...b.records.map((r) => String(r.Id)));
      },
      { countCall: () => (calls += 1) },
    );
    expect(ids).toHaveLength(2300);
    expect(new Set(ids).size).toBe(2300);
    expect(calls).toBe(3);
    expect(sent[0]?.map((s) => (s.url.startsWith('@{') ? s.url : 'query'))).toEqual([
      'query',
      '@{q0_0.nextRecordsUrl}',
      '@{q0_1.nextRecordsUrl}',
      '@{q0_2.nextRecordsUrl}',
      '@{q0_3.nextRecordsUrl}',
    ]);
    // The next composite goes on from the locator the last batch gave.
    expect(sent[1]?.[0]?.url).toBe('/next/1000');
  });

  it('puts several queries in one call, then reads what is left in one chain', async () => {
    const { conn, sent } = fakeConnection(table(900, 200));
    const got = new Map<number, number>();
    let calls = 0;
    await readInComposites(
      conn,
      [{ soql: 'A' }, { soql: 'B' }, { soql: 'C' }],
      (i, b) => void got.set(i, (got.get(i) ?? 0) + b.records.length),
      { countCall: () => (calls += 1), follow: (i) => i !== 0 },
    );
    // Three queries and two chained Query Mores (A's, B's) in the first call; A kept the two
    // batches in hand and was not followed after them.
    expect(sent[0]?.map((s) => s.referenceId)).toEqual(['q0_0', 'q0_1', 'q1_0', 'q1_1', 'q2_0']);
    expect(got.get(0)).toBe(400);
    // 1,200 rows left (C 700, B 500), more than a call brings: one chain (`READ_CHAINS`), the
    // larger read first, five batches a call, one call after another.
    const chain = ['q2_0', 'q2_1', 'q2_2', 'q1_0', 'q1_1'];
    expect(sent.slice(1).map((c) => c.map((s) => s.referenceId))).toEqual([chain, chain]);
    expect(calls).toBe(3);
    expect(got.get(1)).toBe(900);
    expect(got.get(2)).toBe(900);
  });

  it('keeps what one more call finishes in one chain', async () => {
    const { conn, sent } = fakeConnection(table(800, 200));
    await readInComposites(conn, [{ soql: 'A' }, { soql: 'B' }], () => undefined, {
      countCall: () => undefined,
    });
    // 600 rows left of the two (800 − 600 and 800 − 400), less than a call brings: one chain.
    expect(sent).toHaveLength(2);
    expect(sent[1]?.map((s) => s.referenceId)).toEqual(['q0_0', 'q0_1', 'q0_2', 'q1_0', 'q1_1']);
  });

  it('sends the next composite once the last one is stored, and hands batches over in order', async () => {
    const { conn, sent } = fakeConnection(table(25_000, 2000));
    const stored: string[] = [];
    const sentWhenStored: number[] = [];
    await readInComposites(
      conn,
      [{ soql: 'SELECT Id FROM Contact' }],
      async (_, b) => {
        // Storing waits on IndexedDB: nothing more is asked meanwhile (one answer in memory).
        await new Promise((resolve) => setImmediate(resolve));
        stored.push(String(b.records[0]?.Id));
        sentWhenStored.push(sent.length);
      },
      { countCall: () => undefined },
    );
    expect(sent).toHaveLength(3);
    // Every batch in order, once.
    expect(stored).toEqual(Array.from({ length: 13 }, (_, i) => `r${i * 2000}`));
    // The first composite's five batches were stored before the second composite was sent.
    expect(sentWhenStored.slice(0, 6)).toEqual([1, 1, 1, 1, 1, 2]);
  });

  it('hands over the batches before a failed subrequest, then throws its failure', async () => {
    const { conn } = fakeConnection((subs) => ({
      compositeResponse: subs.map((s, i) =>
        i === 0
          ? ok(s.referenceId, {
              records: [{ Id: 'r0' }],
              totalSize: 9,
              done: false,
              nextRecordsUrl: '/n',
            })
          : {
              body: [
                {
                  errorCode: 'QUERY_TIMEOUT',
                  message: 'Your query request was running for too long.',
                },
              ],
              httpHeaders: {},
              httpStatusCode: 400,
              referenceId: s.referenceId,
            },
      ),
    }));
    const stored: string[] = [];
    await expect(
      readInComposites(
        conn,
        [{ soql: 'X' }],
        (_, b) => void stored.push(String(b.records[0]?.Id)),
        {
          countCall: () => undefined,
        },
      ),
    ).rejects.toMatchObject({ errorCode: 'QUERY_TIMEOUT' });
    expect(stored).toEqual(['r0']);
  });

  it('throws the failure of a subrequest', async () => {
    const { conn } = fakeConnection((subs) => ({
      compositeResponse: subs.map((s) => ({
        body: [{ errorCode: 'INVALID_FIELD', message: 'No such column' }],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: s.referenceId,
      })),
    }));
    await expect(
      readInComposites(conn, [{ soql: 'X' }], () => undefined, { countCall: () => undefined }),
    ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });
});

describe('writes through Composite requests', () => {
  const write = (n: number): OptOutWrite => ({
    recordId: `003xx${String(n).padStart(10, '0')}AAA`,
    object: 'Contact',
    fields: ['HasOptedOutOfEmail'],
    value: true,
  });

  it('sends 1,000 writes as five Collections subrequests with the duplicate rule header', async () => {
    const { conn, sent } = fakeConnection((subs) => ({
      compositeResponse: subs.map((s) =>
        ok(
          s.referenceId,
          (s.body?.records ?? []).map((r) => ({ id: r.Id, success: true, errors: [] })),
        ),
      ),
    }));
    let calls = 0;
    const writes = Array.from({ length: 1000 }, (_, i) => write(i));
    const results = await writeOptOutsInComposite(conn, writes, () => (calls += 1));
    expect(calls).toBe(1);
    expect(sent[0]?.map((s) => s.body?.records?.length)).toEqual([200, 200, 200, 200, 200]);
    expect(
      sent[0]?.every((s) => s.httpHeaders?.['Sforce-Duplicate-Rule-Header'] === 'allowSave=true'),
    ).toBe(true);
    expect(results.every((r) => r.result.ok && !r.wholeRequest)).toBe(true);
    expect(results.map((r) => r.result.recordId)).toEqual(writes.map((w) => w.recordId));
  });

  it('fails the records of a failed subrequest as a whole request, the others as answered', async () => {
    const { conn } = fakeConnection((subs) => ({
      compositeResponse: subs.map((s, i) =>
        i === 1
          ? {
              body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'busy' }],
              httpHeaders: {},
              httpStatusCode: 503,
              referenceId: s.referenceId,
            }
          : ok(
              s.referenceId,
              (s.body?.records ?? []).map((r) => ({ id: r.Id, success: true, errors: [] })),
            ),
      ),
    }));
    const results = await writeOptOutsInComposite(
      conn,
      Array.from({ length: 300 }, (_, i) => write(i)),
      () => undefined,
    );
    expect(results.slice(0, 200).every((r) => r.result.ok)).toBe(true);
    expect(
      results
        .slice(200)
        .every((r) => !r.result.ok && r.wholeRequest && r.result.failure.code === 'server-busy'),
    ).toBe(true);
  });

  it('fails every record when the composite itself is refused', async () => {
    const { conn } = fakeConnection(() => ({
      compositeResponse: [
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
      ],
    }));
    const results = await writeOptOutsInComposite(conn, [write(1), write(2)], () => undefined);
    expect(results.map((r) => !r.result.ok && r.result.failure.errorCode)).toEqual([
      'LIMIT_EXCEEDED',
      'LIMIT_EXCEEDED',
    ]);
  });
});
