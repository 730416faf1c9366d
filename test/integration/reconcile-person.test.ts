import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { storedRows } from '../stored-rows';
import { startEmulator, type Emulator } from '../emulator/index';
import { clickRecord, harness } from './reconcile-harness';

/**
 * The nightly reconcile in an org with person contacts (every Person Account's Contact, which
 * Contact queries return) and converted Leads: a person is stored once, as its Account, and no
 * write ever targets a person contact or a converted Lead.
 */

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 53,
    contacts: 300,
    leads: 200,
    personAccounts: 120,
    businessAccounts: 20,
    optedOutRate: 0.25,
    personContacts: true,
  });
});

afterAll(async () => {
  await emu?.close();
});

const ids = (object: 'Contact' | 'Lead' | 'Account', where: string) =>
  emu.org.list(object, { where }).map((r) => r.id);

describe('the nightly reconcile with person contacts and converted Leads', () => {
  it('stores a person once, as its Account, and never writes a person contact', async () => {
    const personContacts = new Set(ids('Contact', 'IsPersonAccount = true'));
    const optedOutPeople = ids(
      'Account',
      'IsPersonAccount = true AND PersonHasOptedOutOfEmail = true',
    );
    expect(personContacts.size).toBe(120);
    expect(ids('Contact', 'IsPersonAccount = true AND HasOptedOutOfEmail = true').length).toBe(
      optedOutPeople.length,
    );
    const [lead = ''] = ids('Lead', 'IsConverted = false AND HasOptedOutOfEmail = true');
    emu.org.convertLead(lead);
    const [clicked = ''] = ids(
      'Account',
      'IsPersonAccount = true AND PersonHasOptedOutOfEmail = false',
    );
    const h = await harness(emu);
    await h.db.put('unsubscribes', encodeUnsubscribe(clickRecord(emu, clicked, 'Account')));

    const first = await h.run();
    expect(first.status, JSON.stringify(first.errors)).toBe('done');
    expect(first.stats.failed).toBe(0);
    // Between the nights a person opts out in Salesforce: the incremental read sees the change
    // on both the Account and its person contact, and stores the Account alone.
    const [later = ''] = ids(
      'Account',
      'IsPersonAccount = true AND PersonHasOptedOutOfEmail = false',
    );
    emu.org.set(later, { PersonHasOptedOutOfEmail: true });
    const second = await h.run();
    expect(second.status, JSON.stringify(second.errors)).toBe('done');
    expect(second.fullPass).toBe(false);

    const stored = await storedRows(h.db);
    expect(stored.filter((r) => personContacts.has(r.recordId))).toEqual([]);
    expect(stored.some((r) => r.recordId === lead)).toBe(false);
    const accounts = new Set(stored.filter((r) => r.object === 'Account').map((r) => r.recordId));
    expect([...optedOutPeople, clicked, later].every((id) => accounts.has(id))).toBe(true);
    expect(emu.org.get(clicked)?.fields.PersonHasOptedOutOfEmail).toBe(true);
    // No write reached a person contact or the converted Lead, nor was one sent.
    const written = emu.writes.entries().map((w) => w.id);
    expect(written).toContain(clicked);
    expect(written.filter((id) => personContacts.has(id) || id === lead)).toEqual([]);
    const sent = emu.log.entries({ kind: 'collections-update' }).map((e) => e.requestBody ?? '');
    expect(
      sent.filter((body) => [...personContacts, lead].some((id) => body.includes(id))),
    ).toEqual([]);
  });
});
