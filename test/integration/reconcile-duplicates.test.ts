import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { getUnsubscribe } from '../../src/lib/db/unsubscribes';
import { startEmulator, type Emulator } from '../emulator/index';
import { clickRecord, harness } from './reconcile-harness';

/**
 * Issue 11, behaviour 1: the nightly export sends `Sforce-Duplicate-Rule-Header: allowSave=true`
 * with every write, over REST (sObject Collections) and Bulk API 2.0 ingest, so an "Allow" duplicate
 * rule (with an alert) does not hold back an opt-out; a "Block" rule still refuses it, and the
 * refusal is kept as 'duplicate-blocked'. The emulator's Bulk ingest, like Bulk API 2.0's
 * documentation, knows no such header: its DUPLICATES_DETECTED rows go again through Collections.
 */

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 43,
    contacts: 600,
    leads: 20,
    personAccounts: 5,
    businessAccounts: 2,
    optedOutRate: 0,
  });
});

afterAll(async () => {
  await emu?.close();
});

const subscribed = (count: number, offset: number) =>
  emu.org
    .list('Contact', { where: 'HasOptedOutOfEmail = false', limit: count + offset })
    .slice(offset)
    .map((r) => r.id);
const optedOut = (id: string) => emu.org.get(id)?.fields.HasOptedOutOfEmail;
const HEADER = 'allowSave=true';

describe('the nightly export and duplicate rules', () => {
  it('REST: every Collections subrequest of a composite carries the header; Allow is written, Block is kept failed', async () => {
    const h = await harness(emu, { sameEmail: false });
    const [allow = '', block = '', plain = ''] = subscribed(3, 0);
    emu.org.addDuplicateRule(allow, { action: 'allow' });
    emu.org.addDuplicateRule(block, { action: 'block' });
    for (const id of [allow, block, plain]) {
      await h.db.put(
        'unsubscribes',
        encodeUnsubscribe({ ...clickRecord(emu, id, 'Contact'), status: 'confirmed' }),
      );
    }
    const seq = emu.log.entries().at(-1)?.seq ?? 0;
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect([optedOut(allow), optedOut(block), optedOut(plain)]).toEqual([true, false, true]);
    const writes = emu.log.subrequests({ kind: 'collections-update', afterSeq: seq });
    expect(writes.length).toBeGreaterThan(0);
    expect(emu.log.count({ kind: 'collections-update', afterSeq: seq })).toBe(0);
    expect(writes.every((w) => w.duplicateRuleHeader === HEADER)).toBe(true);
    const stored = await getUnsubscribe(h.db, emu.orgId, block);
    expect(stored?.status).toBe('failed');
    expect(stored?.lastError).toMatchObject({
      code: 'duplicate-blocked',
      errorCode: 'DUPLICATES_DETECTED',
    });
    expect(run.errors).toContainEqual(
      expect.objectContaining({ recordId: block, code: 'DUPLICATES_DETECTED' }),
    );
  });

  it('Bulk API 2.0: the ingest requests carry the header; rows refused as duplicates go again through Collections', async () => {
    const h = await harness(
      emu,
      { sameEmail: false },
      { bulkThreshold: 100, bulkWriteThreshold: 100, bulkPageSize: 1000 },
    );
    const ids = subscribed(150, 10);
    const [allow = '', block = ''] = ids;
    emu.org.addDuplicateRule(allow, { action: 'allow' });
    emu.org.addDuplicateRule(block, { action: 'block' });
    for (const id of ids) {
      await h.db.put(
        'unsubscribes',
        encodeUnsubscribe({ ...clickRecord(emu, id, 'Contact'), status: 'confirmed' }),
      );
    }
    const seq = emu.log.entries().at(-1)?.seq ?? 0;
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    const ingest = emu.log.entries({
      kind: ['bulk2-ingest-create', 'bulk2-ingest-upload', 'bulk2-ingest-close'],
      afterSeq: seq,
    });
    expect(ingest.map((e) => e.kind)).toEqual([
      'bulk2-ingest-create',
      'bulk2-ingest-upload',
      'bulk2-ingest-close',
    ]);
    expect(ingest.every((e) => e.duplicateRuleHeader === HEADER)).toBe(true);
    // The two rows the job failed as duplicates, sent again in one Collections subrequest.
    const again = emu.log.subrequests({ kind: 'collections-update', afterSeq: seq });
    expect(again).toHaveLength(1);
    expect(again[0]?.duplicateRuleHeader).toBe(HEADER);
    const sent = JSON.parse(again[0]?.requestBody ?? '{}') as { records: { Id: string }[] };
    expect(sent.records.map((r) => r.Id)).toEqual([allow, block]);
    expect(ids.filter((id) => optedOut(id) !== true)).toEqual([block]);
    expect((await getUnsubscribe(h.db, emu.orgId, block))?.lastError?.code).toBe(
      'duplicate-blocked',
    );
    expect((await getUnsubscribe(h.db, emu.orgId, allow))?.status).toBe('confirmed');
  });
});
