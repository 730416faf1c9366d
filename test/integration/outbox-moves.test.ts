import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putUnsubscribes } from '../../src/lib/db/unsubscribes';
import { clicked, movedToOf } from '../../src/lib/unsubscribe-record';
import { startEmulator, type Emulator } from '../emulator/index';
import { outboxHarness } from './outbox-harness';

/**
 * An unsubscribe belongs to the person: when its record was merged into another, or a Lead was
 * converted into a Contact, the outbox moves it to that record and writes it there.
 */

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 11,
    contacts: 20,
    leads: 20,
    personAccounts: 0,
    businessAccounts: 0,
    optedOutRate: 0,
  });
});

afterAll(async () => {
  await emu?.close();
});

const ids = (object: 'Contact' | 'Lead', where: string) =>
  emu.org.list(object, { where }).map((r) => r.id);

describe('the outbox with records that moved', () => {
  it('moves the unsubscribe of a merged record to its master and writes it there', async () => {
    const h = await outboxHarness(emu);
    const [master = '', loser = '', deleted = ''] = ids('Contact', 'HasOptedOutOfEmail = false');
    await h.click(loser);
    await h.click(deleted);
    emu.org.merge(master, loser);
    emu.org.delete(deleted);
    const since = emu.log.entries().at(-1)?.seq ?? 0;
    await h.worker().flush();

    expect(emu.org.get(master)?.fields.HasOptedOutOfEmail).toBe(true);
    const moved = await h.stored(master);
    expect(moved?.status).toBe('confirmed');
    expect(moved?.history.find((e) => e.action === 'moved')?.movedTo).toEqual({
      recordId: master,
      object: 'Contact',
      reason: 'merged',
    });
    // The old record stays, failed, as a pointer to where its unsubscribe went.
    const old = await h.stored(loser);
    expect(old?.status).toBe('failed');
    expect(old && movedToOf(old)?.recordId).toBe(master);
    // A record simply deleted keeps today's failed state.
    const gone = await h.stored(deleted);
    expect(gone?.status).toBe('failed');
    expect(gone?.lastError?.errorCode).toBe('ENTITY_IS_DELETED');
    expect(gone && movedToOf(gone)).toBeNull();
    // The write, one queryAll for both, a read of the master, then its write.
    const kinds = emu.log
      .entries({ afterSeq: since, kind: ['collections-update', 'query', 'queryAll'] })
      .map((e) => e.kind);
    expect(kinds).toEqual(['collections-update', 'queryAll', 'query', 'collections-update']);
    expect(emu.writes.countsById({ field: 'HasOptedOutOfEmail' }).get(master)).toBe(1);
  });

  it('moves a converted Lead’s unsubscribe to its Contact, written only where it lacks it', async () => {
    const h = await outboxHarness(emu);
    const [lead = '', otherLead = ''] = ids('Lead', 'IsConverted = false');
    const [contact = '', optedOutContact = ''] = ids('Contact', 'HasOptedOutOfEmail = false').slice(
      5,
    );
    emu.org.set(optedOutContact, { HasOptedOutOfEmail: true });
    const leadClick = (recordId: string) =>
      clicked(
        {
          orgId: emu.orgId,
          recordId,
          object: 'Lead',
          name: 'Grace Hopper',
          email: null,
          instanceUrl: `https://${emu.myDomainHost}`,
          fields: ['HasOptedOutOfEmail'],
          setByClick: ['HasOptedOutOfEmail'],
          who: 'rep',
          pageUrl: emu.recordUrl(recordId),
        },
        undefined,
        h.now(),
      );
    await putUnsubscribes(h.db, [leadClick(lead), leadClick(otherLead)]);
    emu.org.convertLead(lead, { contactId: contact });
    emu.org.convertLead(otherLead, { contactId: optedOutContact });
    await h.worker().flush();

    expect(emu.org.get(contact)?.fields.HasOptedOutOfEmail).toBe(true);
    for (const id of [contact, optedOutContact]) {
      const moved = await h.stored(id);
      expect(moved?.status).toBe('confirmed');
      expect(moved?.object).toBe('Contact');
      expect(moved?.history.find((e) => e.action === 'moved')?.movedTo?.reason).toBe('converted');
    }
    // The Contact that had it already was read, not written.
    expect(emu.writes.countsById().get(optedOutContact)).toBeUndefined();
    expect((await h.stored(lead))?.lastError?.code).toBe('converted-lead');
  });
});
