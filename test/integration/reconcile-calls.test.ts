import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index';
import { clickRecord, harness, type Harness } from './reconcile-harness';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { storedRows } from '../stored-rows';

/**
 * The API-call floor of a REST night through Composite requests (issue 12): N rows read and M
 * written cost at most ceil(N / 10,000) + ceil(M / 1,000) + 2 calls as the emulator counts them
 * (a composite is one call): a composite brings five query batches of up to 2,000 rows, or five
 * Collections writes of 200; the + 2 is the three kinds' reads (their queries share composites)
 * each ending in a part-filled one.
 * The first night asks for the describes too, in its first read composite (`DescribesAlong`), so
 * they cost no call of their own. Record by record (`sameEmail` off): the same-email reads are
 * the phase of their own.
 */
const RECORD_LEVEL = { sameEmail: false };

const bound = (read: number, written: number) =>
  Math.ceil(read / 10_000) + Math.ceil(written / 1000) + 2;

/** Stores `count` of the org's Contacts not opted out as the rep's confirmed clicks. */
async function clicks(emu: Emulator, h: Harness, count: number): Promise<string[]> {
  const ids = emu.org
    .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: count })
    .map((r) => r.id);
  for (const id of ids)
    await h.db.put(
      'unsubscribes',
      encodeUnsubscribe({ ...clickRecord(emu, id, 'Contact'), status: 'confirmed' }),
    );
  return ids;
}

describe.each<[string, EmulatorOptions]>([
  [
    'full batches',
    { seed: 81, contacts: 24_000, leads: 3000, personAccounts: 500, optedOutRate: 0.5 },
  ],
  // Short batches (1 to 500 rows): a composite still brings five, so a kind read in one
  // composite stays one call.
  [
    'uneven batches',
    {
      seed: 82,
      contacts: 1800,
      leads: 700,
      personAccounts: 100,
      optedOutRate: 0.4,
      queryBatches: 'uneven',
    },
  ],
])('a REST night with %s', (_, options) => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator(options);
  });
  afterAll(() => emu.close());

  it('makes at most ceil(N/10,000) + ceil(M/1,000) + 2 calls, first night and second', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    const written = await clicks(emu, h, 1500);
    const before = emu.apiUsage.used;
    const first = await h.run();
    expect(first.status, JSON.stringify(first.errors)).toBe('done');
    expect(first.stats.written).toBe(written.length);
    const calls = emu.apiUsage.used - before;
    expect(first.stats.apiCalls).toBe(calls);
    expect(calls).toBeLessThanOrEqual(bound(first.stats.read, first.stats.written));
    expect(emu.log.count({ kind: ['query', 'queryMore', 'collections-update'] })).toBe(0);

    emu.org.set(written[0] ?? '', { HasOptedOutOfEmail: false });
    const second = await h.run();
    expect(second.status, JSON.stringify(second.errors)).toBe('done');
    expect(second.fullPass).toBe(false);
    expect(second.stats.written).toBe(1);
    expect(emu.apiUsage.used - before - calls).toBeLessThanOrEqual(
      bound(second.stats.read, second.stats.written),
    );
  });
});

describe('a run cut off mid-read', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      seed: 83,
      contacts: 16_000,
      leads: 200,
      personAccounts: 20,
      optedOutRate: 0.9,
    });
  });
  afterAll(() => emu.close());

  it('resumes with a keyset query after its last stored Id and reads each row once', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    const expected = emu.org.count('Contact', 'HasOptedOutOfEmail = true');
    expect(expected).toBeGreaterThan(10_000);
    let batches = 0;
    let cutAt: string | null = null;
    // The "service worker" dies at the checkpoint of the first composite's last batch.
    const cut = h.run({
      onProgress: (run) => {
        if (run.phase !== 'import' || run.checkpoint.afterId === null) return undefined;
        if (++batches < 5) return undefined;
        cutAt = run.checkpoint.afterId;
        return new Promise<void>(() => undefined);
      },
    });
    await expect.poll(() => cutAt, { timeout: 20_000 }).not.toBeNull();
    void cut;
    const seq = emu.log.entries().at(-1)?.seq ?? 0;

    const resumed = await h.run();
    expect(resumed.status, JSON.stringify(resumed.errors)).toBe('done');
    // A new query (a cursor does not outlive the worker), after the last Id stored, no LIMIT.
    const [restart] = emu.log.subrequests({ afterSeq: seq, kind: ['query', 'queryMore'] });
    expect(restart?.kind).toBe('query');
    const composite = emu.log.entries({ afterSeq: seq, kind: 'composite' })[0];
    const body = JSON.parse(composite?.requestBody ?? '{}') as {
      compositeRequest: { url: string }[];
    };
    const soql = new URL(`https://x${body.compositeRequest[0]?.url ?? ''}`).searchParams.get('q');
    expect(soql).toMatch(
      new RegExp(
        `^SELECT .* FROM Contact WHERE \\(HasOptedOutOfEmail = true\\) .*AND Id > '${String(cutAt)}' ORDER BY Id$`,
      ),
    );
    // Each opted-out Contact read once, over both runs (the Leads and Accounts after them).
    const contactsRead =
      resumed.stats.read -
      emu.org.count('Lead', 'HasOptedOutOfEmail = true AND IsConverted = false') -
      emu.org.count('Account', 'PersonHasOptedOutOfEmail = true AND IsPersonAccount = true');
    expect(contactsRead).toBe(expected);
    const stored = await storedRows(h.db);
    expect(stored.filter((r) => r.object === 'Contact')).toHaveLength(expected);
  });
});

describe('a run cut off in its Bulk API 2.0 query jobs', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      seed: 84,
      contacts: 16_000,
      leads: 6000,
      personAccounts: 20,
      optedOutRate: 0.9,
    });
  });
  afterAll(() => emu.close());

  it("creates every kind's job first, then goes on with the same jobs, reading each row once", async () => {
    // The first composite's batches, then a job each for the rest of the Contacts and Leads, in
    // pages of 3,000 rows.
    const h = await harness(emu, RECORD_LEVEL, { bulkThreshold: 1000, bulkPageSize: 3000 });
    const expected = {
      Contact: emu.org.count('Contact', 'HasOptedOutOfEmail = true'),
      Lead: emu.org.count('Lead', 'HasOptedOutOfEmail = true AND IsConverted = false'),
    };
    let cut = false;
    // The "service worker" dies once the first job's first slice (2,000 rows) is stored.
    const first = h.run({
      onProgress: (run) => {
        if (!run.bulkReads?.some((job) => job.rows === 2000)) return undefined;
        cut = true;
        return new Promise<void>(() => undefined);
      },
    });
    await expect.poll(() => cut, { timeout: 20_000 }).toBe(true);
    void first;
    const seq = emu.log.entries().at(-1)?.seq ?? 0;
    // Both jobs were created before any result was read: Salesforce ran them side by side.
    const bulk = emu.log.entries({ kind: ['bulk2-query-create', 'bulk2-query-results'] });
    expect(bulk.map((e) => e.kind).slice(0, 3)).toEqual([
      'bulk2-query-create',
      'bulk2-query-create',
      'bulk2-query-results',
    ]);

    const resumed = await h.run();
    expect(resumed.status, JSON.stringify(resumed.errors)).toBe('done');
    // The same jobs: none created, no REST query of their kinds, their status and pages.
    expect(emu.log.count({ kind: 'bulk2-query-create' })).toBe(2);
    expect(emu.log.entries({ afterSeq: seq }).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['bulk2-query-status', 'bulk2-query-results']),
    );
    const restQueries = emu.log
      .subrequests({ afterSeq: seq, kind: ['query', 'queryMore'] })
      .filter((s) => /FROM (Contact|Lead)/.test(decodeURIComponent(s.path)));
    expect(restQueries).toEqual([]);
    expect(resumed.bulkReads).toBeUndefined();
    expect(resumed.bulkJobs).toBe(2);
    const personAccounts = emu.org.count(
      'Account',
      'PersonHasOptedOutOfEmail = true AND IsPersonAccount = true',
    );
    expect(resumed.stats.read).toBe(expected.Contact + expected.Lead + personAccounts);
    const stored = await storedRows(h.db);
    expect(stored.filter((r) => r.object === 'Contact')).toHaveLength(expected.Contact);
    expect(stored.filter((r) => r.object === 'Lead')).toHaveLength(expected.Lead);
  });
});
