import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { storedRows } from '../stored-rows';
import { startEmulator, type Emulator } from '../emulator/index';
import { outboxHarness } from './outbox-harness';
import { clickRecord, harness } from './reconcile-harness';

/**
 * Issue 12, the API budget, against the emulator: a nightly run stops at a checkpoint once the
 * org's remaining daily API calls (the `Sforce-Limit-Info` header on every response) fall under
 * the floor, waits, and goes on from that checkpoint to the end the next time, once the org has
 * calls again; no call is refused on the way, nothing is written twice, and a click is sent
 * whatever the budget.
 */
const DAILY_LIMIT = 2_000;

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 12,
    contacts: 1500,
    leads: 600,
    personAccounts: 100,
    businessAccounts: 20,
    optedOutRate: 0.1,
    dailyApiLimit: DAILY_LIMIT,
  });
});

afterAll(async () => {
  await emu?.close();
});

describe('the nightly run under the API budget', () => {
  it('stops under the floor, keeps its checkpoint, and finishes the next time once calls are back', async () => {
    // Record by record, small pages and batches: a run of many checkpoints.
    const h = await harness(emu, { sameEmail: false });
    const mine = emu.org
      .list('Lead', { where: 'HasOptedOutOfEmail = false AND IsConverted = false', limit: 400 })
      .map((r) => r.id);
    for (const id of mine)
      await h.db.put(
        'unsubscribes',
        encodeUnsubscribe({ ...clickRecord(emu, id, 'Lead'), status: 'confirmed' }),
      );

    // 10 % of 2,000 is kept: the org has 200 calls left, so the run stops after its first call
    // (a whole night of this store is 2: one composite of reads with the describes along, one of
    // writes).
    emu.apiUsage.setUsed(DAILY_LIMIT - 200);
    const seq = emu.log.entries().at(-1)?.seq ?? 0;
    const stopped = await h.run();
    expect(stopped.status).toBe('waiting');
    expect(stopped.endedAt).toBeNull();
    expect(stopped.budgetStop).toEqual({
      remaining: emu.apiUsage.remaining,
      limit: DAILY_LIMIT,
      floorPercent: 10,
    });
    expect(stopped.budgetStop?.remaining).toBeLessThan(200);
    expect(stopped.budgetStop?.remaining).toBeGreaterThanOrEqual(190);
    // Stopped by itself, not by Salesforce: no call was refused, and no error recorded.
    expect(emu.log.entries().filter((e) => e.status === 403)).toEqual([]);
    expect(stopped.errors).toEqual([]);
    expect(stopped.phase).not.toBe('done');
    expect(stopped.stats.apiRemaining).toBe(emu.apiUsage.remaining);
    expect(mine.some((id) => emu.org.get(id)?.fields.HasOptedOutOfEmail !== true)).toBe(true);

    // Still under the floor: the next attempt stops again at its first checkpoint.
    const again = await h.run();
    expect(again.id).toBe(stopped.id);
    expect(again.status).toBe('waiting');

    // A click is never held back by the budget: the outbox sends it at once.
    const clicks = await outboxHarness(emu);
    const [clickedId] = emu.org
      .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: 1 })
      .map((r) => r.id);
    await clicks.click(clickedId ?? '');
    await clicks.worker().flush();
    expect((await clicks.stored(clickedId ?? ''))?.status).toBe('confirmed');

    // A new day (the emulator's allowance reset): the same run goes on and ends.
    emu.apiUsage.setUsed(0);
    const resumed = await h.run();
    expect(resumed.id).toBe(stopped.id);
    expect(resumed.status, JSON.stringify(resumed.errors)).toBe('done');
    expect(mine.every((id) => emu.org.get(id)?.fields.HasOptedOutOfEmail === true)).toBe(true);
    // Every stored unsubscribe written once: 400 in one composite of two batches of 200.
    expect(emu.log.subrequests({ afterSeq: seq, kind: 'collections-update' })).toHaveLength(2);
    const counts = emu.writes.countsById({ field: 'HasOptedOutOfEmail' });
    expect(mine.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(resumed.stats.written).toBe(400);
    // Its history still says it stopped once.
    expect(resumed.budgetStop?.floorPercent).toBe(10);
    const imported = (await storedRows(h.db)).filter((r) => r.source === 'salesforce');
    expect(imported.length).toBeGreaterThan(100);
  });

  it('follows the floor of the settings: 0 keeps none, a higher one stops sooner', async () => {
    emu.apiUsage.setUsed(DAILY_LIMIT - 300);
    const none = await harness(emu, { sameEmail: false, apiFloorPercent: 0 });
    expect((await none.run()).status).toBe('done');

    emu.apiUsage.setUsed(DAILY_LIMIT / 2);
    const half = await harness(emu, { sameEmail: false, apiFloorPercent: 60 });
    const run = await half.run();
    expect(run.status).toBe('waiting');
    expect(run.budgetStop).toMatchObject({ limit: DAILY_LIMIT, floorPercent: 60 });
    // It stopped at its first checkpoint, after its first composite (reads, describes along).
    expect(run.phase).toBe('import');
    expect(run.stats.apiCalls).toBe(1);
    emu.apiUsage.setUsed(0);
  });
});
