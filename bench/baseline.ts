import { Connection } from 'jsforce';
import type { Database } from '../src/lib/db/open';
import {
  importedUnsubscribe,
  sameEmailUnsubscribe,
  type SalesforceOptOut,
} from '../src/lib/reconcile/diff';
import { emailKey } from '../src/lib/same-email';
import type { UnsubscribeRecord } from '../src/lib/db/schema';
import { decodeUnsubscribe, encodeUnsubscribe } from '../src/lib/db/unsubscribe-codec';
import { API_VERSION } from '../src/lib/salesforce/connection';
import type { Emulator } from '../test/emulator/index';

/**
 * The naive reconcile the product is measured against, written as plain jsforce would have it:
 * one autoFetch query per object for every opted-out record, one IndexedDB put per imported
 * record, then one REST update call (and one put) per stored unsubscribe Salesforce lacks.
 * Correct, with no paging, batching, checkpoints or watermark: every night is a full pass.
 *
 * With the same-email rule on (as the product runs by default) it does the same work as the
 * product's full pass, the plain way: the opted-out addresses (Salesforce's and the store's) in
 * a Set in memory, one autoFetch query per object for every writable record with an address
 * lacking the field, and one put and one update call per record of an opted-out address.
 */

/** jsforce's autoFetch stops silently at 10,000 records unless told otherwise. */
const MAX_FETCH = 100_000_000;
/**
 * A bound on the baseline's cost: it stops after this many update calls (about 3 ms each
 * against the emulator) and says so. A 1M night needs about 20,000 for the stored unsubscribes
 * and about 17,000 for the records of opted-out addresses, so every default and 1M run is whole.
 */
export const BASELINE_UPDATE_CAP = 50_000;

/** What the product reads and writes: Contacts but person contacts, unconverted Leads, Person Accounts. */
const SOURCES = [
  {
    object: 'Contact',
    field: 'HasOptedOutOfEmail',
    email: 'Email',
    writable: ' AND IsPersonAccount = false',
  },
  {
    object: 'Lead',
    field: 'HasOptedOutOfEmail',
    email: 'Email',
    writable: ' AND IsConverted = false',
  },
  {
    object: 'Account',
    field: 'PersonHasOptedOutOfEmail',
    email: 'PersonEmail',
    writable: ' AND IsPersonAccount = true',
  },
] as const;

type Source = (typeof SOURCES)[number];

export interface BaselineStats {
  readonly read: number;
  readonly imported: number;
  /** Records opted out because their address is opted out on another record. */
  readonly covered: number;
  readonly written: number;
  readonly failed: number;
  /** True when the update cap stopped it before it was done. */
  readonly capped: boolean;
}

export function baselineConnection(emu: Emulator): Connection {
  return new Connection({
    instanceUrl: emu.baseUrl,
    accessToken: emu.sessions.createSession(),
    version: API_VERSION,
  });
}

function optOutOf(emu: Emulator, source: Source, row: Record<string, unknown>): SalesforceOptOut {
  const email = row[source.email];
  return {
    orgId: emu.orgId,
    instanceUrl: `https://${emu.myDomainHost}`,
    recordId: String(row.Id),
    object: source.object,
    name: typeof row.Name === 'string' ? row.Name : '',
    email: typeof email === 'string' && email !== '' ? email : null,
    setFields: row[source.field] === true ? [source.field] : [],
  };
}

const queryAll = (conn: Connection, soql: string) =>
  conn.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: MAX_FETCH });

export async function naiveReconcile(
  emu: Emulator,
  conn: Connection,
  db: Database,
  { sameEmail }: { readonly sameEmail: boolean },
): Promise<BaselineStats> {
  const stored = new Map(
    (await db.getAll('unsubscribes')).map(decodeUnsubscribe).map((r) => [r.recordId, r]),
  );
  const optedOut = new Set<string>();
  let read = 0;
  let importedCount = 0;
  for (const source of SOURCES) {
    const result = await queryAll(
      conn,
      `SELECT Id, Name, ${source.email}, ${source.field} FROM ${source.object} ` +
        `WHERE ${source.field} = true${source.writable}`,
    );
    for (const row of result.records) {
      read += 1;
      const id = String(row.Id);
      optedOut.add(id);
      const existing = stored.get(id);
      if (existing && existing.status !== 'undone') continue;
      const record = importedUnsubscribe(optOutOf(emu, source, row), [], 'baseline', Date.now());
      await db.put('unsubscribes', encodeUnsubscribe(record));
      stored.set(id, record);
      importedCount += 1;
    }
  }
  const covered = sameEmail ? await coverSameEmail(emu, conn, db, stored) : { read: 0, count: 0 };
  read += covered.read;
  let written = 0;
  let failed = 0;
  let capped = false;
  for (const record of stored.values()) {
    if (record.status === 'undone' || record.status === 'failed') continue;
    if (optedOut.has(record.recordId)) continue;
    const source = SOURCES.find((s) => s.object === record.object);
    if (!source) continue;
    if (written + failed >= BASELINE_UPDATE_CAP) {
      capped = true;
      break;
    }
    const ok = await conn
      .sobject(record.object)
      .update({ Id: record.recordId, [source.field]: true })
      .then((result) => result.success)
      .catch(() => false);
    if (!ok) {
      failed += 1;
      continue;
    }
    written += 1;
    await db.put(
      'unsubscribes',
      encodeUnsubscribe({ ...record, status: 'confirmed', confirmedAt: Date.now() }),
    );
  }
  return { read, imported: importedCount, covered: covered.count, written, failed, capped };
}

/**
 * The same-email rule: every writable record with an address lacking the field, read in full,
 * is stored as an unsubscribe (to be written with the others) when another stored, live
 * unsubscribe has its address. `stored` gains them.
 */
async function coverSameEmail(
  emu: Emulator,
  conn: Connection,
  db: Database,
  stored: Map<string, UnsubscribeRecord>,
): Promise<{ read: number; count: number }> {
  const optedOutBy = new Map<string, UnsubscribeRecord>();
  for (const record of stored.values()) {
    const key = emailKey(record.email);
    if (key !== null && record.status !== 'undone' && !optedOutBy.has(key))
      optedOutBy.set(key, record);
  }
  let read = 0;
  let count = 0;
  for (const source of SOURCES) {
    const result = await queryAll(
      conn,
      `SELECT Id, Name, ${source.email}, ${source.field} FROM ${source.object} ` +
        `WHERE ${source.email} != null AND ${source.field} = false${source.writable}`,
    );
    for (const row of result.records) {
      read += 1;
      const id = String(row.Id);
      const by = optedOutBy.get(emailKey(row[source.email] as string | null) ?? '');
      const existing = stored.get(id);
      if (!by || by.recordId === id || (existing && existing.status !== 'undone')) continue;
      const coveredBy = { recordId: by.recordId, object: by.object, name: by.name };
      const optOut = optOutOf(emu, source, row);
      const record = sameEmailUnsubscribe(
        optOut,
        [source.field],
        coveredBy,
        [],
        'baseline',
        Date.now(),
      );
      await db.put('unsubscribes', encodeUnsubscribe(record));
      stored.set(id, record);
      count += 1;
    }
  }
  return { read, count };
}
