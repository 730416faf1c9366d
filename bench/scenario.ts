import type { Database } from '../src/lib/db/open';
import type { EmulatorOptions } from '../test/emulator/index';
import type { Emulator } from '../test/emulator/index';
import { clickRecord } from '../test/integration/reconcile-harness';

/**
 * The night being measured: an org of `size` person records (half Contacts, 35 % Leads, 15 %
 * Person Accounts, plus a few business Accounts), 10 % already opted out in Salesforce, and 2 %
 * of the people unsubscribed in the extension but not (or no longer) in Salesforce.
 */

export const SEED = 20_260_401;
export const OPTED_OUT_RATE = 0.1;
export const CLICK_RATE = 0.02;
/** The emulator's default Bulk API 2.0 job duration, kept explicit so the report can say it. */
export const BULK_JOB_DELAY_MS = 300;

export function emulatorOptions(size: number): EmulatorOptions {
  const contacts = Math.round(size * 0.5);
  const leads = Math.round(size * 0.35);
  return {
    seed: SEED,
    contacts,
    leads,
    personAccounts: size - contacts - leads,
    businessAccounts: Math.max(5, Math.round(size * 0.02)),
    optedOutRate: OPTED_OUT_RATE,
    bulkJobDelayMs: BULK_JOB_DELAY_MS,
  };
}

const TARGETS = [
  { object: 'Contact', where: 'HasOptedOutOfEmail = false', share: 0.5 },
  { object: 'Lead', where: 'HasOptedOutOfEmail = false AND IsConverted = false', share: 0.35 },
  {
    object: 'Account',
    where: 'PersonHasOptedOutOfEmail = false AND IsPersonAccount = true',
    share: 0.15,
  },
] as const;

/**
 * Stores the extension's own unsubscribes that Salesforce lacks: every other one still waits
 * in the outbox (pending), the rest were confirmed once and unchecked in Salesforce since.
 * Deterministic for a seed, so the product and the baseline get the same store.
 */
export async function plantClicks(emu: Emulator, db: Database, size: number): Promise<string[]> {
  const ids: string[] = [];
  const tx = db.transaction('unsubscribes', 'readwrite');
  const puts: Promise<unknown>[] = [];
  for (const target of TARGETS) {
    const count = Math.round(size * target.share * CLICK_RATE);
    const records = emu.org.list(target.object, { where: target.where, limit: count });
    for (const [i, record] of records.entries()) {
      const click = clickRecord(emu, record.id, target.object);
      puts.push(tx.store.put(i % 2 === 0 ? click : { ...click, status: 'confirmed' }));
      ids.push(record.id);
    }
  }
  await Promise.all([...puts, tx.done]);
  return ids;
}
