import type { Database } from '../src/lib/db/open';
import type { UnsubscribeRecord } from '../src/lib/db/schema';
import { DEFAULT_RECONCILE_OPTIONS } from '../src/lib/reconcile/run';
import { BASELINE_BULK_POLL_MS } from './baseline';
import { encodeUnsubscribe } from '../src/lib/db/unsubscribe-codec';
import { emailKey, emailKeyProperty } from '../src/lib/same-email';
import {
  MODELLED_LATENCY,
  type EmulatorOptions,
  type LatencyOptions,
} from '../test/emulator/index';
import type { Emulator } from '../test/emulator/index';
import { clickRecord } from '../test/integration/reconcile-harness';

/**
 * The night being measured: an org of `size` person records (half Contacts, 35 % Leads, 15 %
 * Person Accounts, plus a few business Accounts), 10 % already opted out in Salesforce, 2 % of
 * the people unsubscribed in the extension but not (or no longer) in Salesforce, and about 15 %
 * of the people with a second record of their email address.
 */

export const SEED = 20_260_401;
export const OPTED_OUT_RATE = 0.1;
export const CLICK_RATE = 0.02;
/**
 * The emulator's `sameEmailRate` is the share of Leads and of Person Accounts (half the records;
 * converted Leads excepted) seeded as a second record of another record's person, and some of
 * those repeat a person who already has one. 0.15 gives only 7.5 % of the people a second
 * record; 0.32 gives 15 % (15.2 % of the addresses at 1k, 10k and 100k, with `distinctEmails`).
 */
export const SAME_EMAIL_RATE = 0.32;
/** The emulator's default Bulk API 2.0 job duration (without the latency model). */
export const BULK_JOB_DELAY_MS = 300;
/**
 * The modelled network (`test/emulator/control/latency.ts`), on unless BENCH_LATENCY=0: 100 ms
 * round trips, server time per subrequest and row, Bulk jobs of several seconds.
 */
export const LATENCY: LatencyOptions | null =
  process.env.BENCH_LATENCY === '0' ? null : MODELLED_LATENCY;
/**
 * How often Bulk jobs are polled: with the model, the product's own default (2 s) and jsforce's
 * bulk2 default for the baseline (1 s); without it, where jobs take 300 ms, 50 ms for both.
 */
export const BULK_POLL = LATENCY
  ? { product: DEFAULT_RECONCILE_OPTIONS.bulkPollMs, baseline: BASELINE_BULK_POLL_MS }
  : { product: 50, baseline: 50 };

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
    sameEmailRate: SAME_EMAIL_RATE,
    // Without it the address is name + company alone and unrelated people share it: 4 % of
    // the people at 10k, a third at 100k, nearly all at 1M (every address then has ~9 records).
    distinctEmails: true,
    bulkJobDelayMs: BULK_JOB_DELAY_MS,
    latency: LATENCY,
  };
}

const TARGETS = [
  {
    object: 'Contact',
    email: 'Email',
    where: 'HasOptedOutOfEmail = false AND IsPersonAccount = false',
    share: 0.5,
  },
  {
    object: 'Lead',
    email: 'Email',
    where: 'HasOptedOutOfEmail = false AND IsConverted = false',
    share: 0.35,
  },
  {
    object: 'Account',
    email: 'PersonEmail',
    where: 'PersonHasOptedOutOfEmail = false AND IsPersonAccount = true',
    share: 0.15,
  },
] as const;

/** The people of the org: distinct addresses of writable records, and those with 2 or more. */
export interface People {
  readonly people: number;
  readonly withSecondRecord: number;
}

export function countPeople(emu: Emulator): People {
  const records = new Map<string, number>();
  for (const { object, email, where } of TARGETS) {
    // Every writable record, opted out or not: the target's condition without the opt-out.
    const writable = where.split(' AND ').slice(1).join(' AND ');
    emu.org.scan(object, [email], writable ? { where: writable } : {}, (_id, [address]) => {
      const key = emailKey(typeof address === 'string' ? address : null);
      if (key !== null) records.set(key, (records.get(key) ?? 0) + 1);
    });
  }
  let withSecondRecord = 0;
  for (const count of records.values()) if (count > 1) withSecondRecord += 1;
  return { people: records.size, withSecondRecord };
}

/** Of the clicks, the share of one browser in a fleet: every `of`-th, from the `index`-th. */
export interface ClickShare {
  readonly index: number;
  readonly of: number;
}

/**
 * The extension's own unsubscribes that Salesforce lacks: every other one still waits in the
 * outbox (pending), the rest were confirmed once and unchecked in Salesforce since. Each has its
 * record's name and address, as a click on a record page stores them (so the same-email rule
 * covers the address's other records). Deterministic for a seed, so the product and the
 * baseline, in Node or in Chromium, get the same store. With `share`, only that browser's part
 * of them (the fleet bench: every rep clicked records of their own).
 */
export function plannedClicks(
  emu: Emulator,
  size: number,
  share: ClickShare = { index: 0, of: 1 },
): UnsubscribeRecord[] {
  const clicks: UnsubscribeRecord[] = [];
  for (const target of TARGETS) {
    const count = Math.round(size * target.share * CLICK_RATE);
    const records = emu.org.list(target.object, { where: target.where, limit: count });
    for (const [i, record] of records.entries()) {
      if (i % share.of !== share.index) continue;
      const address = record.fields[target.email];
      const email = typeof address === 'string' && address !== '' ? address : null;
      const name = typeof record.fields.Name === 'string' ? record.fields.Name : '';
      const click: UnsubscribeRecord = {
        ...clickRecord(emu, record.id, target.object),
        name,
        email,
        ...emailKeyProperty(email),
      };
      clicks.push(i % 2 === 0 ? click : { ...click, status: 'confirmed' });
    }
  }
  return clicks;
}

/** Stores `plannedClicks` in a Node store (fake-indexeddb); returns their record Ids. */
export async function plantClicks(
  emu: Emulator,
  db: Database,
  size: number,
  share: ClickShare = { index: 0, of: 1 },
): Promise<string[]> {
  const clicks = plannedClicks(emu, size, share);
  const tx = db.transaction('unsubscribes', 'readwrite');
  await Promise.all([...clicks.map((click) => tx.store.put(encodeUnsubscribe(click))), tx.done]);
  return clicks.map((click) => click.recordId);
}
