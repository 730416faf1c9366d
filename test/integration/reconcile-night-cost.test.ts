import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { clickRecord, harness } from './reconcile-harness';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { getUnsubscribe } from '../../src/lib/db/unsubscribes';
import { storedRows } from '../stored-rows';

/**
 * Issue 12: what a night no longer spends calls on. The describes are kept across nights (a
 * week, or until Salesforce refuses a field they vouched for), and the records the last night
 * wrote are not read again the next night, while everyone else's changes still are.
 */
const RECORD_LEVEL = { sameEmail: false };
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let emu: Emulator;

/** A fresh org for each group of tests: one's changes fall in another's incremental read. */
function withOrg(seed: number): void {
  beforeAll(async () => {
    emu = await startEmulator({
      seed,
      contacts: 800,
      leads: 300,
      personAccounts: 60,
      businessAccounts: 10,
      optedOutRate: 0.1,
    });
  });
  afterAll(async () => {
    await emu?.close();
  });
}

afterEach(() => {
  vi.useRealTimers();
  for (const object of ['Contact', 'Lead', 'Account'] as const) emu.org.schema(object).reset();
});

/** The browser's and the emulated org's clock, moved on together (time still runs). */
function later(ms: number) {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.now() + ms);
}

/** Describes asked for: subrequests of the one Composite call a night makes for them. */
const describes = () => emu.log.subrequests({ kind: 'describe' }).length;

const notOptedOut = (object: 'Contact' | 'Lead', limit: number) =>
  emu.org
    .list(object, {
      where: `HasOptedOutOfEmail = false${object === 'Lead' ? ' AND IsConverted = false' : ''}`,
      limit,
    })
    .map((r) => r.id);

/** The kinds of subrequest each composite after `seq` carried, in order. */
const composites = (seq: number) =>
  emu.log.entries({ afterSeq: seq, kind: 'composite' }).map((e) => {
    const kinds = (e.subrequests ?? []).map((sub) => sub.kind);
    return { describes: kinds.filter((k) => k === 'describe').length, queries: kinds.length };
  });

describe('describes asked for along with the first reads', () => {
  withOrg(14);

  it('rides in the first read composite on the first night, and again once a week has passed', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    let seq = emu.log.entries().at(-1)?.seq ?? 0;
    const first = await h.run();
    expect(first.status, JSON.stringify(first.errors)).toBe('done');
    // The whole night is one call: the three kinds' queries and the three describes.
    expect(first.stats.apiCalls).toBe(1);
    expect(composites(seq)).toEqual([{ describes: 3, queries: 6 }]);
    expect(first.stats.imported).toBeGreaterThan(50);

    later(8 * DAY);
    seq = emu.log.entries().at(-1)?.seq ?? 0;
    const week = await h.run();
    expect(week.status, JSON.stringify(week.errors)).toBe('done');
    expect(composites(seq)).toEqual([{ describes: 3, queries: 6 }]);
    expect(week.stats.apiCalls).toBe(1);
  });

  it('reads again by the new describes when they give other reads than the stored ones', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    expect((await h.run()).status).toBe('done');
    // A week on, the Contacts' field is read-only: the stored describes still say editable.
    emu.org.schema('Contact').setReadOnly('HasOptedOutOfEmail');
    const [contact = ''] = notOptedOut('Contact', 1);
    const [lead = ''] = notOptedOut('Lead', 1);
    emu.org.set(contact, { HasOptedOutOfEmail: true });
    emu.org.set(lead, { HasOptedOutOfEmail: true });
    later(8 * DAY);
    const seq = emu.log.entries().at(-1)?.seq ?? 0;
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(run.skippedObjects).toEqual([
      expect.objectContaining({ kind: 'Contact', reason: expect.stringContaining('read-only') }),
    ]);
    // The guessed composite's batches were dropped (the Contact's among them), the kinds read
    // again by the describes: one call more than a right guess, and no describe call of its own.
    expect(composites(seq).map((c) => c.describes)).toEqual([3, 0]);
    expect(run.stats.apiCalls).toBe(2);
    expect(await getUnsubscribe(h.db, emu.orgId, contact)).toBeUndefined();
    expect((await getUnsubscribe(h.db, emu.orgId, lead))?.status).toBe('confirmed');
  });

  it('decides its reads again when cut off before the describes answered', async () => {
    // Night 1: the Contacts' field is read-only, so Contacts are skipped.
    emu.org.schema('Contact').setReadOnly('HasOptedOutOfEmail');
    const h = await harness(emu, RECORD_LEVEL);
    expect((await h.run()).skippedObjects.map((s) => s.kind)).toEqual(['Contact']);
    // A week on it is editable; the stored describes still say read-only.
    emu.org.schema('Contact').setReadOnly('HasOptedOutOfEmail', false);
    later(8 * DAY);
    let cut = false;
    // The worker dies at the run's first checkpoint, before its first composite is answered.
    const first = h.run({
      onProgress: (run) => {
        if (run.phase !== 'import') return undefined;
        expect(run.readsGuessed).toBe(true);
        cut = true;
        return new Promise<void>(() => undefined);
      },
    });
    await expect.poll(() => cut).toBe(true);
    void first;
    const resumed = await h.run();
    expect(resumed.status, JSON.stringify(resumed.errors)).toBe('done');
    // Contacts are synced now: a full pass, every opted-out Contact stored.
    expect(resumed.fullPass).toBe(true);
    expect(resumed.readsGuessed).toBeUndefined();
    const opted = emu.org.count('Contact', 'HasOptedOutOfEmail = true AND IsPersonAccount = false');
    const stored = await storedRows(h.db);
    expect(stored.filter((r) => r.object === 'Contact')).toHaveLength(opted);
  });

  it('reads by the describes in an org without Person Accounts, whose guessed queries fail', async () => {
    for (const object of ['Contact', 'Account'] as const)
      emu.org.schema(object).removeField('IsPersonAccount');
    const h = await harness(emu, RECORD_LEVEL);
    const seq = emu.log.entries().at(-1)?.seq ?? 0;
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(run.errors).toEqual([]);
    // The first composite guessed Person Accounts; its queries that name them failed, unread.
    const failed = emu.log
      .subrequests({ afterSeq: seq, kind: 'query' })
      .filter((s) => s.status >= 400);
    expect(failed.length).toBeGreaterThan(0);
    expect(composites(seq).map((c) => c.describes)).toEqual([3, 0]);
    const stored = await storedRows(h.db);
    expect(stored.some((r) => r.object === 'Account')).toBe(false);
    expect(stored.filter((r) => r.object === 'Contact').length).toBeGreaterThan(20);
  });
});

describe('describes kept across nights', () => {
  withOrg(12);

  it('asks for none on the next nights, and for each again once a week has passed', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    let before = describes();
    const first = await h.run();
    expect(first.status, JSON.stringify(first.errors)).toBe('done');
    // Contact, Lead and Account (the Person Accounts'), once each.
    expect(describes() - before).toBe(3);

    before = describes();
    const calls = emu.apiUsage.used;
    const second = await h.run();
    expect(second.status).toBe('done');
    expect(describes() - before).toBe(0);
    // One composite holds the three kinds' reads, and nothing else: the describes cost nothing.
    expect(second.stats.apiCalls).toBe(1);
    expect(emu.apiUsage.used - calls).toBe(1);

    later(6 * DAY);
    before = describes();
    expect((await h.run()).status).toBe('done');
    expect(describes() - before).toBe(0);

    later(2 * DAY);
    before = describes();
    expect((await h.run()).status).toBe('done');
    expect(describes() - before).toBe(3);
  });

  it('asks again once when a write meets a field made read-only since, and ends well', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    await h.run();
    const [contact = ''] = notOptedOut('Contact', 1);
    const [lead = ''] = notOptedOut('Lead', 1);
    await h.db.put('unsubscribes', encodeUnsubscribe(clickRecord(emu, contact, 'Contact')));
    await h.db.put('unsubscribes', encodeUnsubscribe(clickRecord(emu, lead, 'Lead')));
    // The admin makes the Contact's Email Opt Out read-only; the stored describe still says
    // it is editable.
    emu.org.schema('Contact').setReadOnly('HasOptedOutOfEmail');

    let before = describes();
    const seq = emu.log.entries().at(-1)?.seq ?? 0;
    const second = await h.run();
    expect(second.status, JSON.stringify(second.errors)).toBe('done');
    expect(describes() - before).toBe(3);
    expect(second.skippedObjects).toEqual([
      expect.objectContaining({ kind: 'Contact', reason: expect.stringContaining('read-only') }),
    ]);
    // The one write that met the problem wrote the Lead; the Contact waits, failed by nobody.
    expect(emu.log.subrequests({ afterSeq: seq, kind: 'collections-update' })).toHaveLength(1);
    expect(emu.org.get(lead)?.fields.HasOptedOutOfEmail).toBe(true);
    expect(second.stats).toMatchObject({ written: 1, failed: 0 });
    expect(second.errors).toEqual([]);
    expect((await getUnsubscribe(h.db, emu.orgId, contact))?.status).toBe('pending');

    // The refreshed describe serves the next night, which asks for none and meets no problem.
    before = describes();
    const third = await h.run();
    expect(third.status).toBe('done');
    expect(third.fullPass).toBe(false);
    expect(describes() - before).toBe(0);
    expect(third.skippedObjects.map((s) => s.kind)).toEqual(['Contact']);
  });

  it('asks again once when a query meets a field removed since, and goes on without it', async () => {
    const h = await harness(emu, { ...RECORD_LEVEL, perObject: { Lead: { kind: 'both' } } });
    expect((await h.run()).status).toBe('done');
    emu.org.schema('Lead').removeMarketoField();
    // A Person Account opted out since: read after the Lead query failed.
    const [person = ''] = emu.org
      .list('Account', { where: 'IsPersonAccount = true AND PersonHasOptedOutOfEmail = false' })
      .map((r) => r.id);
    emu.org.set(person, { PersonHasOptedOutOfEmail: true });

    const before = describes();
    const second = await h.run();
    expect(second.status, JSON.stringify(second.errors)).toBe('done');
    expect(describes() - before).toBe(3);
    expect(second.skippedObjects.map((s) => s.kind)).toEqual(['Lead']);
    expect((await getUnsubscribe(h.db, emu.orgId, person))?.status).toBe('confirmed');
  });
});

describe('a describe refresh that finds more to sync', () => {
  withOrg(14);

  it('reads everything the next night: what the refresh added was not read in full', async () => {
    const h = await harness(emu, { ...RECORD_LEVEL, perObject: { Lead: { kind: 'both' } } });
    // The first night the Lead has no Marketo field: Leads are skipped.
    emu.org.schema('Lead').removeMarketoField();
    const first = await h.run();
    expect(first.skippedObjects.map((s) => s.kind)).toEqual(['Lead']);
    // Since: the field is installed, and the Contact's Email Opt Out made read-only. The stored
    // describes know neither until a write meets the second.
    emu.org.schema('Lead').reset();
    emu.org.schema('Contact').setReadOnly('HasOptedOutOfEmail');
    const [contact = ''] = notOptedOut('Contact', 1);
    await h.db.put('unsubscribes', encodeUnsubscribe(clickRecord(emu, contact, 'Contact')));

    const second = await h.run();
    expect(second.status, JSON.stringify(second.errors)).toBe('done');
    expect(second.fullPass).toBe(false);
    expect(second.skippedObjects.map((s) => s.kind)).toEqual(['Contact']);
    expect(second.readsIncomplete).toBe(true);
    const third = await h.run();
    expect(third.status).toBe('done');
    expect(third.fullPass).toBe(true);
  });
});

describe("the night's own writes", () => {
  withOrg(13);

  it('are not read again the next night; everyone else’s changes are', async () => {
    const h = await harness(emu, RECORD_LEVEL);
    expect((await h.run()).status).toBe('done');
    const clicked = notOptedOut('Contact', 150);
    for (const id of clicked)
      await h.db.put('unsubscribes', encodeUnsubscribe(clickRecord(emu, id, 'Contact')));
    const first = await h.run();
    expect(first.status, JSON.stringify(first.errors)).toBe('done');
    expect(first.stats.written).toBe(150);
    const sync = await h.db.get('syncState', emu.orgId);
    expect(sync?.ownWrites).toMatchObject({ userId: emu.org.userId });

    // Right after the night, inside its write window: an administrator opts a Contact out, and
    // the connected user (the rep) unchecks one the night wrote and opts another out by hand.
    const [byAdmin = '', byRepInside = '', byRepLater = ''] = notOptedOut('Contact', 3);
    const [unchecked = ''] = clicked;
    emu.org.set(byAdmin, { HasOptedOutOfEmail: true }, { by: emu.org.adminUserId });
    emu.org.set(unchecked, { HasOptedOutOfEmail: false }, { by: emu.org.userId });
    emu.org.set(byRepInside, { HasOptedOutOfEmail: true }, { by: emu.org.userId });
    // Minutes later, past the window and its margin, the rep opts out one more.
    later(3 * MINUTE);
    emu.org.set(byRepLater, { HasOptedOutOfEmail: true }, { by: emu.org.userId });

    // Every one of them changed since the watermark: a read of all would take them all.
    const changed = emu.org
      .list('Contact', { where: `SystemModstamp >= ${sync?.watermark ?? ''}` })
      .map((r) => r.id);
    expect(changed).toEqual(expect.arrayContaining([...clicked, byAdmin, byRepInside, byRepLater]));

    const calls = emu.apiUsage.used;
    const second = await h.run();
    expect(second.status, JSON.stringify(second.errors)).toBe('done');
    expect(second.fullPass).toBe(false);
    // Read: the administrator's change, the unchecked field, the rep's later opt-out. Not one of
    // the 149 others the night wrote.
    expect(second.stats.read).toBe(3);
    expect(second.stats.imported).toBe(2);
    // The unchecked field is set again (R6).
    expect(second.stats.written).toBe(1);
    expect(emu.org.get(unchecked)?.fields.HasOptedOutOfEmail).toBe(true);
    // One composite of reads and one of the write.
    expect(second.stats.apiCalls).toBe(2);
    expect(emu.apiUsage.used - calls).toBe(2);
    const stored = new Set((await storedRows(h.db)).map((r) => r.recordId));
    expect(stored.has(byAdmin)).toBe(true);
    expect(stored.has(byRepLater)).toBe(true);
    // The one change left out with the night's writes (README, "Nightly sync"): the rep's own
    // hand opt-out inside the window. Salesforce has it; the store learns of it at its next change.
    expect(stored.has(byRepInside)).toBe(false);
    emu.org.set(byRepInside, { FirstName: 'Augusta' }, { by: emu.org.adminUserId });
    expect((await h.run()).stats.imported).toBe(1);
    expect((await storedRows(h.db)).some((r) => r.recordId === byRepInside)).toBe(true);
  });
});
