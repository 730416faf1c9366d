import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { API_VERSION, connect } from './helpers/emulator-client';

interface ContactRow {
  Id: string;
  Name: string;
  Email: string | null;
  HasOptedOutOfEmail: boolean;
  SystemModstamp: string;
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 11, contacts: 4500, leads: 300, optedOutRate: 0.2 });
});
afterAll(() => emulator.close());

describe('SOQL query', () => {
  it('pages through more than 2,000 rows with nextRecordsUrl and queryMore', async () => {
    const conn = connect(emulator);
    const first = await conn.query<ContactRow>('SELECT Id, Name FROM Contact');
    expect(first.totalSize).toBe(4500);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(2000);
    // jsforce rebuilds the URL from the locator: an absolute URL ending in the cursor Id and offset.
    expect(first.nextRecordsUrl).toMatch(
      new RegExp(`/services/data/v${API_VERSION.replace('.', '\\.')}/query/01g\\w+-2000$`),
    );
    expect(first.records[0]).toMatchObject({
      attributes: { type: 'Contact' },
      Name: expect.any(String),
    });
    const second = await conn.queryMore<ContactRow>(first.nextRecordsUrl ?? '');
    expect(second.records).toHaveLength(2000);
    const third = await conn.queryMore<ContactRow>(second.nextRecordsUrl ?? '');
    expect(third).toMatchObject({ done: true, totalSize: 4500 });
    expect(third.records).toHaveLength(500);
    expect(third.nextRecordsUrl).toBeUndefined();
    const ids = new Set([...first.records, ...second.records, ...third.records].map((r) => r.Id));
    expect(ids.size).toBe(4500);
    expect(emulator.log.count({ kind: 'queryMore' })).toBeGreaterThanOrEqual(2);
  });

  it('fetches everything with autoFetch and stops at maxFetch', async () => {
    const conn = connect(emulator);
    const all = await conn.query('SELECT Id FROM Contact', { autoFetch: true, maxFetch: 10_000 });
    expect(all.records).toHaveLength(4500);
    const capped = await conn.query('SELECT Id FROM Contact', { autoFetch: true, maxFetch: 2500 });
    expect(capped.records).toHaveLength(2500);
  });

  it('honours Sforce-Query-Options batchSize', async () => {
    const conn = connect(emulator);
    const page = await conn.request<{ records: unknown[]; nextRecordsUrl: string }>({
      method: 'GET',
      url: `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Lead')}`,
      headers: { 'Sforce-Query-Options': 'batchSize=200' },
    });
    expect(page.records).toHaveLength(200);
    expect(page.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w{15}-200$/);
  });

  it('filters with AND/OR/NOT, comparisons, IN, LIKE, null and datetimes', async () => {
    const conn = connect(emulator);
    const all = (
      await conn.query<ContactRow>(
        'SELECT Id, Name, Email, HasOptedOutOfEmail, SystemModstamp FROM Contact',
        { autoFetch: true, maxFetch: 10_000 },
      )
    ).records;
    const count = async (where: string) =>
      (await conn.query(`SELECT COUNT() FROM Contact WHERE ${where}`)).totalSize;

    expect(await count('HasOptedOutOfEmail = true')).toBe(
      all.filter((r) => r.HasOptedOutOfEmail).length,
    );
    expect(await count('HasOptedOutOfEmail != true')).toBe(
      all.filter((r) => !r.HasOptedOutOfEmail).length,
    );
    const cutoff = all[100]?.SystemModstamp ?? '';
    const iso = cutoff.replace('+0000', 'Z');
    expect(await count(`SystemModstamp >= ${iso}`)).toBe(
      all.filter((r) => r.SystemModstamp >= cutoff).length,
    );
    expect(await count(`SystemModstamp < ${cutoff}`)).toBe(
      all.filter((r) => r.SystemModstamp < cutoff).length,
    );
    expect(await count("Email LIKE 'ada.%'")).toBe(
      all.filter((r) => r.Email?.startsWith('ada.')).length,
    );
    expect(await count("Name = 'ADA LOVELACE'")).toBe(1);
    expect(await count('Email = null')).toBe(0);
    expect(await count('Email != null')).toBe(4500);
    const someIds = all.slice(0, 3).map((r) => r.Id);
    const fifteen = someIds.map((id) => id.slice(0, 15));
    expect(await count(`Id IN ('${fifteen.join("','")}')`)).toBe(3);
    expect(await count(`Id NOT IN ('${someIds.join("','")}')`)).toBe(4497);
    expect(
      await count(
        `(HasOptedOutOfEmail = true OR Id = '${someIds[0]}') AND (NOT (Id = '${someIds[0]}'))`,
      ),
    ).toBe(all.filter((r) => r.HasOptedOutOfEmail && r.Id !== someIds[0]).length);
    // NOT of a group: every row but the opted-out ones among the first three.
    const firstThree = all.slice(0, 3);
    expect(
      await count(
        `Id != null AND (NOT (Id IN ('${someIds.join("','")}') AND HasOptedOutOfEmail = true))`,
      ),
    ).toBe(4500 - firstThree.filter((r) => r.HasOptedOutOfEmail).length);
    // Mixed operators need parentheses: a bare NOT after AND is refused, as Salesforce does.
    await expect(
      conn.query(`SELECT COUNT() FROM Contact WHERE Id != null AND NOT (Id = '${someIds[0]}')`),
    ).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });

  it('orders by Id and SystemModstamp and applies LIMIT', async () => {
    const conn = connect(emulator);
    const desc = await conn.query<ContactRow>(
      'SELECT Id, SystemModstamp FROM Contact ORDER BY SystemModstamp DESC, Id LIMIT 50',
    );
    expect(desc.records).toHaveLength(50);
    const stamps = desc.records.map((r) => r.SystemModstamp);
    expect([...stamps].sort().reverse()).toEqual(stamps);
    const byId = await conn.query<ContactRow>('SELECT Id FROM Contact ORDER BY Id DESC LIMIT 5');
    const ids = byId.records.map((r) => r.Id);
    expect([...ids].sort().reverse()).toEqual(ids);
  });

  it('answers COUNT() and COUNT(Id)', async () => {
    const conn = connect(emulator);
    const bare = await conn.query('SELECT COUNT() FROM Lead WHERE IsConverted = false');
    expect(bare.records).toEqual([]);
    expect(bare.totalSize).toBe(emulator.org.count('Lead', 'IsConverted = false'));
    const aggregate = await conn.query<{ expr0: number }>('SELECT COUNT(Id) FROM Lead');
    expect(aggregate.records[0]?.expr0).toBe(300);
  });

  it('reports unknown fields, unknown objects and malformed SOQL like Salesforce', async () => {
    const conn = connect(emulator);
    await expect(conn.query('SELECT Id, Foo__c FROM Contact')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: expect.stringContaining("No such column 'Foo__c' on entity 'Contact'"),
    });
    await expect(conn.query('SELECT Id FROM Contact WHERE Bar = 1')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    await expect(conn.query('SELECT Id FROM Widget__c')).rejects.toMatchObject({
      errorCode: 'INVALID_TYPE',
    });
    await expect(conn.query('SELEC Id FROM Contact')).rejects.toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
    await expect(
      conn.query("SELECT Id FROM Contact WHERE HasOptedOutOfEmail = 'yes'"),
    ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(
      conn.query("SELECT Id FROM Contact WHERE SystemModstamp > '2026-01-01'"),
    ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('leaves deleted records out of query and includes them in queryAll', async () => {
    const conn = connect(emulator);
    const [victim] = emulator.org.list('Lead', { limit: 1, where: 'IsConverted = false' });
    emulator.org.delete(victim?.id ?? '');
    const soql = `SELECT Id, IsDeleted FROM Lead WHERE Id = '${victim?.id}'`;
    expect((await conn.query(soql)).totalSize).toBe(0);
    const all = await conn.query<{ IsDeleted: boolean }>(soql, { scanAll: true });
    expect(all.records[0]?.IsDeleted).toBe(true);
  });

  it('refuses request URIs over 16,384 bytes with 414', async () => {
    const conn = connect(emulator);
    const ids = Array.from({ length: 1000 }, () => "'003000000000000AAA'").join(',');
    await expect(conn.query(`SELECT Id FROM Contact WHERE Id IN (${ids})`)).rejects.toMatchObject({
      errorCode: 'ERROR_HTTP_414',
    });
    expect(emulator.log.count({ kind: 'uri-too-long' })).toBe(1);
  });
});
