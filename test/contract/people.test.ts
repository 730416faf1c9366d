import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect } from './helpers/emulator-client';

/**
 * One person, several records: same-email people, person contacts, merges and lead conversion,
 * each as Salesforce shows them through the REST API (the emulator README names the pages).
 */

const SAME_EMAIL_RATE = 0.15;
const POLL = { pollInterval: 50, pollTimeout: 10_000 };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    seed: 11,
    contacts: 2000,
    leads: 2000,
    personAccounts: 400,
    businessAccounts: 20,
    optedOutRate: 0,
    personContacts: true,
    sameEmailRate: SAME_EMAIL_RATE,
    bulkJobDelayMs: 60,
  });
});
afterAll(() => emulator.close());

interface PersonRow {
  readonly Id: string;
  readonly Email: string | null;
}

interface ContactRow extends PersonRow {
  readonly AccountId: string | null;
  readonly IsPersonAccount: boolean;
  readonly HasOptedOutOfEmail: boolean;
  readonly SystemModstamp: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const sample = (name: keyof Emulator['org']['samples']): string => emulator.org.samples[name] ?? '';

function emailsOf(object: 'Contact' | 'Lead', where: string): Set<string> {
  return new Set(
    emulator.org.list(object, { where }).map((r) => text(r.fields.Email).toLowerCase()),
  );
}

describe('same-email people', () => {
  it('seeds a share of Leads as second records of Contacts, in other capitals', () => {
    const contactEmails = emailsOf('Contact', 'IsPersonAccount = false');
    const leads = emulator.org.list('Lead', { where: 'IsConverted = false' });
    const mixedCase = leads.filter((lead) => /[A-Z]/.test(text(lead.fields.Email)));
    const share = mixedCase.length / leads.length;
    expect(share).toBeGreaterThan(SAME_EMAIL_RATE * 0.7);
    expect(share).toBeLessThan(SAME_EMAIL_RATE * 1.3);
    expect(
      mixedCase.every((lead) => contactEmails.has(text(lead.fields.Email).toLowerCase())),
    ).toBe(true);
  });

  it('seeds a share of Person Accounts that share a Contact or Lead address', () => {
    const known = new Set([
      ...emailsOf('Contact', 'IsPersonAccount = false'),
      ...emailsOf('Lead', 'IsConverted = false'),
    ]);
    const accounts = emulator.org.list('Account', { where: 'IsPersonAccount = true' });
    const shared = accounts.filter((a) => known.has(text(a.fields.PersonEmail).toLowerCase()));
    expect(shared.length / accounts.length).toBeGreaterThan(SAME_EMAIL_RATE * 0.6);
  });

  it('matches Email case-insensitively in = and IN, as SOQL compares strings', async () => {
    const conn = connect(emulator);
    const lead = emulator.org.get(sample('sameEmailLead'));
    expect(lead?.fields.Email).toBe('Ada.Lovelace@Example.com');
    const contacts = await conn.query<PersonRow>(
      "SELECT Id, Email FROM Contact WHERE Email = 'ADA.LOVELACE@example.com'",
    );
    expect(contacts.records.map((r) => r.Id)).toEqual([sample('contact')]);
    expect(contacts.records[0]?.Email).toBe('ada.lovelace@example.com');
    const leads = await conn.query<PersonRow>(
      "SELECT Id, Email FROM Lead WHERE Email IN ('ada.lovelace@example.com', 'nobody@example.com')",
    );
    expect(leads.records.map((r) => r.Id)).toEqual([sample('sameEmailLead')]);
    const accounts = await conn.query<{ Id: string }>(
      "SELECT Id FROM Account WHERE PersonEmail = 'Alan.Turing@Example.COM'",
    );
    expect(accounts.records.map((r) => r.Id)).toEqual([sample('sameEmailPersonAccount')]);
  });
});

describe('person contacts', () => {
  const personAccount = () => sample('personAccount');
  const personContact = () => text(emulator.org.get(personAccount())?.fields.PersonContactId);

  it('gives every Person Account a person contact that Contact queries return', async () => {
    const conn = connect(emulator);
    const describe = await conn.describe('Contact');
    expect(describe.fields.find((f) => f.name === 'IsPersonAccount')).toMatchObject({
      type: 'boolean',
      updateable: false,
    });
    const count = await conn.query('SELECT COUNT() FROM Contact WHERE IsPersonAccount = true');
    expect(count.totalSize).toBe(400);
    const all = await conn.query('SELECT COUNT() FROM Contact');
    expect(all.totalSize).toBe(2400);
    const id = personContact();
    expect(id).toMatch(/^003/);
    const contact = await conn.sobject('Contact').retrieve(id);
    expect(contact).toMatchObject({
      Id: id,
      AccountId: personAccount(),
      IsPersonAccount: true,
      Name: 'Marie Curie',
      Email: 'marie.curie@example.com',
    });
    const [viaCollections] = await conn.retrieve('Contact', [id], {
      fields: ['Id', 'IsPersonAccount'],
    });
    expect(viaCollections).toMatchObject({ Id: id, IsPersonAccount: true });
  });

  it("mirrors the opt-out both ways and keeps both records' timestamps equal", async () => {
    const conn = connect(emulator);
    const contactId = personContact();
    const update = await conn
      .sobject('Account')
      .update({ Id: personAccount(), PersonHasOptedOutOfEmail: true });
    expect(update.success).toBe(true);
    const [row] = (
      await conn.query<ContactRow>(
        `SELECT Id, HasOptedOutOfEmail, SystemModstamp FROM Contact WHERE Id = '${contactId}'`,
      )
    ).records;
    const account = emulator.org.get(personAccount());
    expect(row?.HasOptedOutOfEmail).toBe(true);
    expect(row?.SystemModstamp).toBe(account?.fields.SystemModstamp);

    // An admin or automation clearing it on the Contact side clears the Account's too.
    emulator.org.set(contactId, { HasOptedOutOfEmail: false });
    expect(emulator.org.get(personAccount())?.fields.PersonHasOptedOutOfEmail).toBe(false);
  });

  it('rejects direct updates of a person contact per record, in every channel', async () => {
    const conn = connect(emulator);
    const contactId = personContact();
    const ordinary = sample('contact');
    const results = await conn.sobject('Contact').update([
      { Id: contactId, HasOptedOutOfEmail: true },
      { Id: ordinary, HasOptedOutOfEmail: true },
    ]);
    expect(results[0]).toEqual({
      id: contactId,
      success: false,
      errors: [
        {
          statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
          message: `insufficient access rights on object id: ${contactId}`,
          fields: [],
        },
      ],
    });
    expect(results[1]).toMatchObject({ id: ordinary, success: true });
    await expect(
      conn.sobject('Contact').update({ Id: contactId, HasOptedOutOfEmail: true }),
    ).rejects.toMatchObject({ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' });
    const bulk = await conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'update',
      input: [{ Id: contactId, HasOptedOutOfEmail: true }],
      ...POLL,
    });
    expect(bulk.failedResults.map((r) => r.sf__Error)).toEqual([
      `INSUFFICIENT_ACCESS_OR_READONLY:insufficient access rights on object id: ${contactId}:--`,
    ]);
    expect(emulator.org.get(personAccount())?.fields.PersonHasOptedOutOfEmail).toBe(false);
  });

  it('are absent, with PersonContactId empty, when the option is off (the default)', async () => {
    const plain = await startEmulator({ seed: 3, contacts: 20, leads: 5, personAccounts: 4 });
    try {
      expect(plain.org.count('Contact')).toBe(20);
      expect(plain.org.count('Contact', 'IsPersonAccount = true')).toBe(0);
      expect(plain.org.get(plain.org.samples.personAccount ?? '')?.fields.PersonContactId).toBe(
        null,
      );
    } finally {
      await plain.close();
    }
  });
});

describe('merge', () => {
  it('deletes the loser with MasterRecordId set: gone from query, kept by queryAll', async () => {
    const conn = connect(emulator);
    const [master, loser] = emulator.org
      .list('Contact', { where: 'IsPersonAccount = false', limit: 12 })
      .slice(10)
      .map((r) => r.id);
    emulator.org.merge(master ?? '', loser ?? '');
    const soql = `SELECT Id, IsDeleted, MasterRecordId FROM Contact WHERE Id IN ('${master}', '${loser}')`;
    expect((await conn.query<{ Id: string }>(soql)).records.map((r) => r.Id)).toEqual([master]);
    // jsforce's scanAll sends the query to /queryAll.
    const all = await conn.query<{ Id: string; IsDeleted: boolean; MasterRecordId: string }>(soql, {
      scanAll: true,
    });
    expect(emulator.log.count({ kind: 'queryAll' })).toBe(1);
    expect(all.records.find((r) => r.Id === loser)).toMatchObject({
      IsDeleted: true,
      MasterRecordId: master,
    });
    expect(all.records.find((r) => r.Id === master)).toMatchObject({
      IsDeleted: false,
      MasterRecordId: null,
    });
    const [write] = await conn
      .sobject('Contact')
      .update([{ Id: loser ?? '', HasOptedOutOfEmail: true }]);
    expect(write).toEqual({
      id: loser,
      success: false,
      errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
    });
    await expect(conn.sobject('Contact').retrieve(loser ?? '')).rejects.toMatchObject({
      errorCode: 'ENTITY_IS_DELETED',
    });
    const describe = await conn.describe('Lead');
    expect(describe.fields.find((f) => f.name === 'MasterRecordId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Lead'],
    });
  });

  it('takes the person contact along when Person Accounts merge', async () => {
    const conn = connect(emulator);
    const [master, loser] = emulator.org
      .list('Account', { where: 'IsPersonAccount = true', limit: 12 })
      .slice(10);
    emulator.org.merge(master?.id ?? '', loser?.id ?? '');
    const loserContact = text(loser?.fields.PersonContactId);
    const [row] = (
      await conn.query<{ IsDeleted: boolean; MasterRecordId: string }>(
        `SELECT IsDeleted, MasterRecordId FROM Contact WHERE Id = '${loserContact}'`,
        { scanAll: true },
      )
    ).records;
    expect(row).toMatchObject({ IsDeleted: true, MasterRecordId: master?.fields.PersonContactId });
    expect(() => emulator.org.merge(sample('businessAccount'), master?.id ?? '')).toThrow(
      'Person Accounts merge only with Person Accounts',
    );
  });
});

describe('lead conversion', () => {
  it('seeds converted Leads that point at the real Contact they became', async () => {
    const conn = connect(emulator);
    const leads = await conn.query<{
      Id: string;
      Email: string;
      ConvertedContactId: string;
      ConvertedAccountId: string | null;
      ConvertedDate: string;
    }>(
      'SELECT Id, Email, ConvertedContactId, ConvertedAccountId, ConvertedDate FROM Lead WHERE IsConverted = true',
    );
    expect(leads.totalSize).toBeGreaterThan(40);
    const ids = leads.records.map((r) => r.ConvertedContactId);
    const contacts = await conn.retrieve('Contact', ids.slice(0, 200), {
      fields: ['Email', 'AccountId'],
    });
    leads.records.slice(0, 200).forEach((lead, i) => {
      const contact = contacts[i] as unknown as { Email: string; AccountId: string | null };
      expect(contact.Email.toLowerCase()).toBe(lead.Email.toLowerCase());
      expect(lead.ConvertedAccountId).toBe(contact.AccountId);
      expect(lead.ConvertedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
    expect(emulator.org.get(sample('convertedLead'))?.fields.ConvertedContactId).toBe(
      sample('optedOutContact'),
    );
  });

  it('converts into an existing Contact or a new one; the Lead then refuses updates', async () => {
    const conn = connect(emulator);
    const [intoExisting, intoNew] = emulator.org
      .list('Lead', { where: 'IsConverted = false', limit: 22 })
      .slice(20)
      .map((r) => r.id);
    const contact = sample('contact');
    const existing = emulator.org.convertLead(intoExisting ?? '', { contactId: contact });
    expect(existing.contactId).toBe(contact);
    const lead = await conn.sobject('Lead').retrieve(intoExisting ?? '');
    expect(lead).toMatchObject({
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedContactId: contact,
      ConvertedAccountId: emulator.org.get(contact)?.fields.AccountId,
      ConvertedDate: new Date().toISOString().slice(0, 10),
    });

    const before = emulator.org.count('Contact');
    const made = emulator.org.convertLead(intoNew ?? '');
    expect(emulator.org.count('Contact')).toBe(before + 1);
    const newContact = await conn.sobject('Contact').retrieve(made.contactId);
    expect(newContact.Email).toBe(emulator.org.get(intoNew ?? '')?.fields.Email);
    expect(newContact.AccountId).toBe(made.accountId);
    await expect(
      conn.sobject('Lead').update({ Id: intoNew ?? '', HasOptedOutOfEmail: true }),
    ).rejects.toMatchObject({ errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD' });
    expect(() => emulator.org.convertLead(intoNew ?? '')).toThrow('already converted');
  });
});
