import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { API_VERSION, connect } from './helpers/emulator-client';

/**
 * A parent's field in SELECT through a child-to-parent relationship, one level (`Account.Name` on
 * Contact: the card names each same-email Contact's account), as Salesforce's REST query answers
 * it: the parent under its relationship name with its own `attributes`, or `null` for an empty
 * lookup (SOQL and SOSL Reference, "Using Relationship Queries" and "null Values in Lookup
 * Relationships and Outer Joins"). Other paths keep Salesforce's INVALID_FIELD.
 */

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    seed: 17,
    contacts: 40,
    leads: 10,
    personAccounts: 4,
    businessAccounts: 3,
    personContacts: true,
  });
});
afterAll(() => emulator.close());

interface ContactRow {
  readonly Id: string;
  readonly AccountId: string | null;
  readonly Account: { readonly attributes: unknown; readonly Name: string } | null;
}

const accountName = (id: string): unknown => emulator.org.get(id)?.fields.Name;

describe('child-to-parent fields in SELECT', () => {
  it("answers Account.Name on Contact as the Account's record under 'Account', null without one", async () => {
    const conn = connect(emulator);
    const [orphan] = emulator.org.list('Contact', { limit: 1, where: 'IsPersonAccount = false' });
    emulator.org.set(orphan?.id ?? '', { AccountId: null });
    const { records } = await conn.query<ContactRow>(
      'SELECT Id, AccountId, Account.Name FROM Contact WHERE IsPersonAccount = false ORDER BY Id',
    );
    expect(records).toHaveLength(40);
    for (const row of records) {
      if (row.AccountId === null) {
        expect(row.Account).toBeNull();
        continue;
      }
      expect(row.Account).toEqual({
        attributes: {
          type: 'Account',
          url: `/services/data/v${API_VERSION}/sobjects/Account/${row.AccountId}`,
        },
        Name: accountName(row.AccountId),
      });
      expect(row.Account?.Name).toEqual(expect.any(String));
    }
    expect(records.find((r) => r.Id === orphan?.id)?.Account).toBeNull();
    expect(records.filter((r) => r.Account !== null).length).toBeGreaterThan(30);
  });

  it("names a person contact's Person Account, and takes the object's name or alias in front", async () => {
    const conn = connect(emulator);
    const [person] = emulator.org.list('Contact', { limit: 1, where: 'IsPersonAccount = true' });
    const accountId = String(person?.fields.AccountId);
    const where = `WHERE Id = '${person?.id ?? ''}'`;
    for (const soql of [
      `SELECT Id, Account.Name FROM Contact ${where}`,
      `SELECT Id, Contact.Account.Name FROM Contact ${where}`,
      `SELECT Id, c.Account.Name FROM Contact c ${where}`,
      `SELECT Id, account.name FROM Contact ${where}`,
    ]) {
      const [row] = (await conn.query<ContactRow>(soql)).records;
      expect(row?.Account, soql).toEqual({
        attributes: {
          type: 'Account',
          url: `/services/data/v${API_VERSION}/sobjects/Account/${accountId}`,
        },
        Name: accountName(accountId),
      });
    }
  });

  it('gathers several fields of one parent in one object', async () => {
    const conn = connect(emulator);
    const [row] = (
      await conn.query<ContactRow & { Account: { Id: string; Name: string } | null }>(
        'SELECT Id, Account.Id, Account.Name FROM Contact WHERE AccountId != null LIMIT 1',
      )
    ).records;
    expect(row?.Account).toMatchObject({
      attributes: { type: 'Account' },
      Id: expect.stringMatching(/^001/),
      Name: expect.any(String),
    });
  });

  it('keeps INVALID_FIELD for unknown relationships and fields, two levels, and paths outside SELECT', async () => {
    const conn = connect(emulator);
    const refused = (soql: string, message: string) =>
      expect(conn.query(soql), soql).rejects.toMatchObject({
        errorCode: 'INVALID_FIELD',
        message: expect.stringContaining(message),
      });
    await refused(
      'SELECT Id, Boss.Name FROM Contact',
      "Didn't understand relationship 'Boss' in field path",
    );
    // The emulator holds no User records: Owner stays a relationship it does not follow.
    await refused(
      'SELECT Id, Owner.Name FROM Contact',
      "Didn't understand relationship 'Owner' in field path",
    );
    await refused(
      'SELECT Id, Account.Foo__c FROM Contact',
      "No such column 'Foo__c' on entity 'Account'",
    );
    await refused(
      'SELECT Id, Account.PersonContact.Name FROM Contact',
      "Didn't understand relationship 'Account' in field path",
    );
    await refused(
      "SELECT Id FROM Contact WHERE Account.Name = 'Acme'",
      "Didn't understand relationship 'Account' in field path",
    );
    await refused(
      'SELECT Id FROM Contact ORDER BY Account.Name',
      "Didn't understand relationship 'Account' in field path",
    );
    await expect(
      conn.query('SELECT Id, Account.Name, Account.Name FROM Contact'),
    ).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });
});
