import { describe, expect, it } from 'vitest';
import { startEmulator } from '../emulator/index';
import { connect } from './helpers/emulator-client';

function retainedBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

describe('a million-person org', () => {
  it('seeds 1,000,000 records quickly in little memory and still answers queries', async () => {
    const before = retainedBytes();
    const started = performance.now();
    const emulator = await startEmulator({
      seed: 31,
      contacts: 400_000,
      leads: 400_000,
      personAccounts: 190_000,
      businessAccounts: 10_000,
    });
    const seededMs = performance.now() - started;
    const grownMb = (retainedBytes() - before) / 1e6;
    try {
      console.info(
        `seeded 1,000,000 records in ${seededMs.toFixed(0)} ms, ~${grownMb.toFixed(0)} MB`,
      );
      expect(seededMs).toBeLessThan(10_000);
      expect(grownMb).toBeLessThan(200);
      expect(
        emulator.org.size('Contact') + emulator.org.size('Lead') + emulator.org.size('Account'),
      ).toBe(1_000_000);

      const conn = connect(emulator);
      const first = await conn.query<{ Id: string }>(
        'SELECT Id, SystemModstamp FROM Lead WHERE HasOptedOutOfEmail = false ORDER BY SystemModstamp DESC',
      );
      expect(first.totalSize).toBeGreaterThan(300_000);
      expect(first.records).toHaveLength(2000);
      const later = await conn.queryMore<{ Id: string }>(first.nextRecordsUrl ?? '');
      expect(later.records[0]?.Id).not.toBe(first.records[0]?.Id);
      const persons = await conn.query('SELECT COUNT() FROM Account WHERE IsPersonAccount = true');
      expect(persons.totalSize).toBe(190_000);
      const last = emulator.org.list('Contact', { orderBy: 'Id DESC', limit: 1 })[0];
      const byId = await conn.sobject('Contact').retrieve(last?.id ?? '');
      expect(byId.Id).toBe(last?.id);
    } finally {
      await emulator.close();
    }
  }, 60_000);

  it('seeds person contacts and same-email people just as fast, without storing copies', async () => {
    const before = retainedBytes();
    const started = performance.now();
    const emulator = await startEmulator({
      seed: 31,
      contacts: 400_000,
      leads: 400_000,
      personAccounts: 190_000,
      businessAccounts: 10_000,
      personContacts: true,
      sameEmailRate: 0.15,
    });
    const seededMs = performance.now() - started;
    const grownMb = (retainedBytes() - before) / 1e6;
    try {
      console.info(
        `seeded 1,000,000 records + 190,000 person contacts + 15 % same-email people in ${seededMs.toFixed(0)} ms, ~${grownMb.toFixed(0)} MB`,
      );
      expect(seededMs).toBeLessThan(10_000);
      expect(grownMb).toBeLessThan(200);
      const conn = connect(emulator);
      const persons = await conn.query('SELECT COUNT() FROM Contact WHERE IsPersonAccount = true');
      expect(persons.totalSize).toBe(190_000);
      const last = emulator.org.list('Contact', { orderBy: 'Id DESC', limit: 1 })[0];
      expect(last?.fields).toMatchObject({ IsPersonAccount: true });
      const account = await conn.sobject('Account').retrieve(String(last?.fields.AccountId));
      expect(account.PersonContactId).toBe(last?.id);
      expect(account.PersonEmail).toBe(last?.fields.Email);
    } finally {
      await emulator.close();
    }
  }, 60_000);
});
