import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { getUnsubscribe } from '../../src/lib/db/unsubscribes';
import type { UnsubscribeRecord } from '../../src/lib/db/schema';
import { movedToOf } from '../../src/lib/unsubscribe-record';
import { startEmulator, type Emulator } from '../emulator/index';
import { clickRecord, harness, legacyClickRecord } from './reconcile-harness';

/**
 * The nightly export with records that moved since their unsubscribe was stored: a record merged
 * away, a Lead converted, a record simply deleted. The unsubscribe belongs to the person, so the
 * run moves it where the outbox would and writes it there in the same run, only where missing.
 */

let emu: Emulator;
/**
 * Record by record: earlier tests opt records out in this org, whose addresses other records
 * share; what the same-email rule adds is in reconcile-same-email.test.ts.
 */
const RECORD_LEVEL = { sameEmail: false };

beforeAll(async () => {
  emu = await startEmulator({
    seed: 71,
    contacts: 300,
    leads: 20,
    personAccounts: 6,
    businessAccounts: 0,
    optedOutRate: 0,
    personContacts: true,
  });
});

afterAll(async () => {
  await emu?.close();
});

/** Records nobody has opted out yet, not used by another test. */
const taken = new Set<string>();
function fresh(object: 'Contact' | 'Lead', count: number): string[] {
  const where =
    object === 'Lead'
      ? 'HasOptedOutOfEmail = false AND IsConverted = false'
      : 'HasOptedOutOfEmail = false AND IsPersonAccount = false';
  const ids = emu.org
    .list(object, { where })
    .map((r) => r.id)
    .filter((id) => !taken.has(id))
    .slice(0, count);
  for (const id of ids) taken.add(id);
  return ids;
}

/** An unsubscribe confirmed long ago, which a full pass writes again when its record lacks it. */
const confirmedClick = (id: string, object: 'Contact' | 'Lead'): UnsubscribeRecord => ({
  ...clickRecord(emu, id, object),
  status: 'confirmed',
  syncedFields: ['HasOptedOutOfEmail'],
});

const lastSeq = () => emu.log.entries().at(-1)?.seq ?? 0;
const reasonOf = (record: UnsubscribeRecord | undefined) =>
  record?.history.findLast((e) => e.action === 'moved')?.movedTo?.reason;

describe('the nightly export with records that moved', () => {
  it('moves merged and converted records’ unsubscribes on, writes them where missing, and leaves a deleted one failed', async () => {
    const [master = '', loser = '', deleted = '', contact = '', optedOut = ''] = fresh(
      'Contact',
      5,
    );
    const [lead = '', otherLead = ''] = fresh('Lead', 2);
    const h = await harness(emu, RECORD_LEVEL);
    for (const [id, object] of [
      [loser, 'Contact'],
      [deleted, 'Contact'],
      [lead, 'Lead'],
      [otherLead, 'Lead'],
    ] as const)
      await h.db.put('unsubscribes', encodeUnsubscribe(confirmedClick(id, object)));
    emu.org.merge(master, loser);
    emu.org.delete(deleted);
    emu.org.convertLead(lead, { contactId: contact });
    emu.org.set(optedOut, { HasOptedOutOfEmail: true });
    emu.org.convertLead(otherLead, { contactId: optedOut });
    const before = emu.apiUsage.used;
    const since = lastSeq();

    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');

    // The survivor and the Contact that lacked it are written once; the one that had it, never.
    const counts = emu.writes.countsById({ field: 'HasOptedOutOfEmail' });
    expect(counts.get(master)).toBe(1);
    expect(counts.get(contact)).toBe(1);
    expect(counts.get(optedOut)).toBeUndefined();
    expect(emu.org.get(master)?.fields.HasOptedOutOfEmail).toBe(true);
    expect(emu.org.get(contact)?.fields.HasOptedOutOfEmail).toBe(true);
    for (const [id, reason] of [
      [master, 'merged'],
      [contact, 'converted'],
      [optedOut, 'converted'],
    ] as const) {
      const moved = await getUnsubscribe(h.db, emu.orgId, id);
      expect(moved?.status, id).toBe('confirmed');
      expect(moved?.object).toBe('Contact');
      expect(reasonOf(moved)).toBe(reason);
    }
    // The old records stay failed, each a pointer to where its unsubscribe went.
    const old = await getUnsubscribe(h.db, emu.orgId, loser);
    expect(old?.status).toBe('failed');
    expect(old && movedToOf(old)).toEqual({
      recordId: master,
      object: 'Contact',
      reason: 'merged',
    });
    expect((await getUnsubscribe(h.db, emu.orgId, lead))?.lastError?.code).toBe('converted-lead');
    // A record simply deleted keeps today's failed state.
    const gone = await getUnsubscribe(h.db, emu.orgId, deleted);
    expect(gone?.status).toBe('failed');
    expect(gone?.lastError?.errorCode).toBe('ENTITY_IS_DELETED');
    expect(gone && movedToOf(gone)).toBeNull();

    // After the import: the write (a composite), one queryAll per object, the person-contact
    // check of the converted Lead's Contact (no mark yet), the read of the targets, their write.
    const kinds = emu.log
      .entries({ afterSeq: since, kind: ['composite', 'query', 'queryAll'] })
      .map((e) =>
        e.kind === 'composite' ? (e.subrequests ?? []).map((s) => s.kind).join('+') : e.kind,
      );
    expect(kinds.slice(kinds.indexOf('collections-update'))).toEqual([
      'collections-update',
      'queryAll',
      'queryAll',
      'query',
      'query',
      'collections-update',
    ]);
    expect(run.stats.apiCalls).toBe(emu.apiUsage.used - before);
    expect(run.stats.written).toBe(2);
    expect(run.stats.failed).toBe(4);

    // The next night has nothing more to write.
    const next = await h.run();
    expect(next.status).toBe('done');
    expect(next.stats.written).toBe(0);
  });

  it('keeps the move in the history of a survivor the export writes in a later batch', async () => {
    const ids = fresh('Contact', 210).sort();
    const [loser = '', master = ''] = [ids[0], ids.at(-1)];
    const h = await harness(emu, RECORD_LEVEL);
    for (const id of ids)
      await h.db.put('unsubscribes', encodeUnsubscribe(confirmedClick(id, 'Contact')));
    emu.org.merge(master, loser);

    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(run.stats.written).toBe(209);
    const survivor = await getUnsubscribe(h.db, emu.orgId, master);
    expect(survivor?.status).toBe('confirmed');
    expect(reasonOf(survivor)).toBe('merged');
    expect(emu.writes.countsById({ field: 'HasOptedOutOfEmail' }).get(master)).toBe(1);
  });

  it('follows a merge in the Bulk API path too', async () => {
    const [master = '', loser = '', ...others] = fresh('Contact', 4);
    const h = await harness(emu, RECORD_LEVEL, {
      bulkThreshold: 2,
      bulkWriteThreshold: 2,
      bulkPageSize: 1000,
    });
    for (const id of [loser, ...others])
      await h.db.put('unsubscribes', encodeUnsubscribe(confirmedClick(id, 'Contact')));
    emu.org.merge(master, loser);
    const before = emu.apiUsage.used;

    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(emu.log.entries({ kind: 'bulk2-ingest-create' }).length).toBeGreaterThan(0);
    expect(emu.org.get(master)?.fields.HasOptedOutOfEmail).toBe(true);
    expect(others.every((id) => emu.org.get(id)?.fields.HasOptedOutOfEmail === true)).toBe(true);
    const moved = await getUnsubscribe(h.db, emu.orgId, master);
    expect(moved?.status).toBe('confirmed');
    expect(reasonOf(moved)).toBe('merged');
    expect(run.stats.apiCalls).toBe(emu.apiUsage.used - before);
  });

  it('writes a person contact’s unsubscribe on its Person Account in the Bulk API path too', async () => {
    // A click an earlier release stored on a person contact: the export moves it before the job.
    const [personContact] = emu.org.list('Contact', {
      where: 'IsPersonAccount = true AND HasOptedOutOfEmail = false',
    });
    const account = String(personContact?.fields.AccountId ?? '');
    const others = fresh('Contact', 3);
    const h = await harness(emu, RECORD_LEVEL, {
      bulkThreshold: 2,
      bulkWriteThreshold: 2,
      bulkPageSize: 1000,
    });
    await h.db.put(
      'unsubscribes',
      encodeUnsubscribe({
        ...legacyClickRecord(emu, personContact?.id ?? ''),
        status: 'confirmed',
      }),
    );
    for (const id of others)
      await h.db.put('unsubscribes', encodeUnsubscribe(confirmedClick(id, 'Contact')));
    const jobsBefore = emu.log.count({ kind: 'bulk2-ingest-create' });

    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    // One job for the Contacts, one for the Account.
    expect(emu.log.count({ kind: 'bulk2-ingest-create' }) - jobsBefore).toBe(2);
    expect(emu.org.get(account)?.fields.PersonHasOptedOutOfEmail).toBe(true);
    expect(others.every((id) => emu.org.get(id)?.fields.HasOptedOutOfEmail === true)).toBe(true);
    const moved = await getUnsubscribe(h.db, emu.orgId, account);
    expect(moved?.status).toBe('confirmed');
    expect(moved?.syncedFields).toEqual(['PersonHasOptedOutOfEmail']);
    // The person contact's own unsubscribe says where it went; nothing was written through it.
    const left = await getUnsubscribe(h.db, emu.orgId, personContact?.id ?? '');
    expect(left?.history.at(-1)?.movedTo).toMatchObject({
      recordId: account,
      reason: 'person-account',
    });
    expect(
      emu.writes.countsById({ field: 'HasOptedOutOfEmail' }).get(personContact?.id ?? ''),
    ).toBeUndefined();
  });
});
