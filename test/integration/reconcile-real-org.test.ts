import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedRows } from '../stored-rows';
import { startEmulator, type Emulator } from '../emulator/index';
import { harness } from './reconcile-harness';

/**
 * The nightly reconcile against what a real org does and the demo org did not: REST query batches
 * shorter than asked (`queryBatches: 'uneven'`), and Bulk API 2.0 rows in no order
 * (`bulkQueryOrder: 'shuffled'`). Every opted-out record is imported either way.
 */
const RECORD_LEVEL = { sameEmail: false };

function optedOutIds(emu: Emulator): Set<string> {
  const list = (object: 'Contact' | 'Lead' | 'Account', where: string) =>
    emu.org.list(object, { where }).map((r) => r.id);
  return new Set([
    ...list('Contact', 'HasOptedOutOfEmail = true'),
    ...list('Lead', 'HasOptedOutOfEmail = true AND IsConverted = false'),
    ...list('Account', 'PersonHasOptedOutOfEmail = true AND IsPersonAccount = true'),
  ]);
}

describe('the nightly reconcile in short, uneven query batches', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      seed: 43,
      contacts: 4600,
      leads: 700,
      personAccounts: 100,
      optedOutRate: 0.5,
      queryBatches: 'uneven',
    });
  });
  afterAll(() => emu.close());

  it('imports every opted-out record, following done / nextRecordsUrl across composites', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    const queryMoreBefore = emu.log.subrequests({ kind: 'queryMore' }).length;
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    const expected = optedOutIds(emu);
    // Over 2,000 Contacts opted out, in many short batches: several composites of five.
    expect([...expected].filter((id) => id.startsWith('003')).length).toBeGreaterThan(2000);
    const stored = new Set((await storedRows(h.db)).map((r) => r.recordId));
    expect([...expected].filter((id) => !stored.has(id))).toEqual([]);
    expect(run.stats.imported).toBe(expected.size);
    expect(emu.log.subrequests({ kind: 'queryMore' }).length - queryMoreBefore).toBeGreaterThan(4);
  });

  it('an incremental night and a re-check by Id read every batch too', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    await h.run();
    const changed = emu.org
      .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: 1200 })
      .map((r) => r.id);
    for (const id of changed) emu.org.set(id, { HasOptedOutOfEmail: true });
    const second = await h.run();
    expect(second.status, JSON.stringify(second.errors)).toBe('done');
    expect(second.fullPass).toBe(false);
    const stored = new Set((await storedRows(h.db)).map((r) => r.recordId));
    expect(changed.filter((id) => !stored.has(id))).toEqual([]);
  });
});

describe('the nightly reconcile with Bulk API 2.0 rows in no order', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      seed: 47,
      // More opted-out Contacts than the first composite's 10,000 rows: the rest is a Bulk job.
      contacts: 12_000,
      leads: 800,
      personAccounts: 100,
      optedOutRate: 0.9,
      bulkJobDelayMs: 60,
      bulkQueryOrder: 'shuffled',
    });
  });
  afterAll(() => emu.close());

  it('imports every opted-out record from shuffled bulk results, with no ORDER BY sent', async () => {
    const h = await harness(emu, RECORD_LEVEL, { bulkThreshold: 200, bulkPageSize: 700 });
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    const jobs = emu.log.entries({ kind: 'bulk2-query-create' });
    // Only the Contacts outgrow the first composite: one job, after its last Id.
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.requestBody).toMatch(/FROM Contact WHERE .* AND Id > '003\w+'/);
    for (const job of jobs) expect(job.requestBody ?? '').not.toMatch(/ORDER BY|LIMIT/);
    const expected = optedOutIds(emu);
    const stored = new Set((await storedRows(h.db)).map((r) => r.recordId));
    expect([...expected].filter((id) => !stored.has(id))).toEqual([]);
    expect(run.stats.imported).toBe(expected.size);
    // The job read only what the composites before it left: no row twice.
    expect(run.stats.read).toBe(expected.size);
  });
});
