import { Connection } from 'jsforce';
import type { Database } from '../src/lib/db/open';
import {
  importedUnsubscribe,
  sameEmailUnsubscribe,
  type SalesforceOptOut,
} from '../src/lib/reconcile/diff';
import { emailKey } from '../src/lib/same-email';
import { bulkQuery } from '../src/lib/salesforce/bulk2';
import type { UnsubscribeRecord } from '../src/lib/db/schema';
import { decodeUnsubscribe, encodeUnsubscribe } from '../src/lib/db/unsubscribe-codec';
import { API_VERSION } from '../src/lib/salesforce/connection';
import type { Emulator } from '../test/emulator/index';

/**
 * The scripts the product is compared with, doing the same work as the product (the same-email
 * rule included) with the same jsforce, each a full pass every night:
 *
 * **naive**: the first script anyone writes, the one the issue calls a straw man: every read
 * through `conn.query(soql, { autoFetch: true })` (REST pages of 2,000, whole), every write its
 * own `conn.sobject(T).update({ Id, field: true })` request.
 *
 * **fair**: the nightly reconcile a competent team would write with the same jsforce,
 * the way its documentation shows, doing the same work as the product (the same-email rule
 * included):
 *
 * - **Reads**: `conn.query(soql, { autoFetch: true, maxFetch })`. Salesforce suggests Bulk API
 *   2.0 for 2,000 records or more ("Bulk API 2.0 Query", Bulk API 2.0 Developer Guide: "designed
 *   to handle queries that return large amounts of data (2,000 records or more)"), so the REST
 *   read fetches at most 2,000 (one page) and, when the page's `totalSize` says there are more,
 *   the read goes to Bulk API 2.0 instead. jsforce's `conn.bulk2.query` cannot be used: it
 *   fails with "write after end" as soon as the results span two pages (jsforce #1546, #1693;
 *   seen against the emulator, where it kills the process), so the job is run by hand with the
 *   same create / poll / `Sforce-Locator` paging calls the product makes
 *   (`src/lib/salesforce/bulk2.ts`, reused rather than written twice), polled every second
 *   (jsforce's own bulk2 `pollInterval`).
 * - **Writes**: `conn.sobject(T).update(records, { allowRecursive: true })`, which jsforce sends
 *   as sObject Collections requests of 200 records, one after another.
 * - **The same-email rule**: the opted-out addresses (Salesforce's and the store's) in a `Set`,
 *   then every writable record with an address and without the field read in full; those of an
 *   opted-out address are stored and written with the rest.
 * - **A full pass every night**, no watermark. A watermark is not what a script does here
 *   without the product's design work: the read is "who is opted out", and a record opted out
 *   long ago still has to be matched against the store; an address opted out tonight covers
 *   records that did not change; and `SystemModstamp` is not a perfect clock (PITFALLS). Each of
 *   those needs its own incremental query and bookkeeping, which is what the product is. With
 *   Bulk reads a full pass costs a few calls an object, so it is the obvious script.
 */

export type ScriptStyle = 'fair' | 'naive';

/** Salesforce's suggestion: above this many records, Bulk API 2.0. Also one REST page. */
const REST_READ_LIMIT = 2000;
/** jsforce's `conn.bulk2.pollInterval` default: how often the baseline polls a Bulk job. */
export const BASELINE_BULK_POLL_MS = 1000;
/** Rows per Bulk result page asked for (`maxRecords`), as the product asks. */
const BULK_PAGE_SIZE = 50_000;

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

/** A row as REST (JSON values) or Bulk (CSV strings) returns it, read the same way. */
interface Row {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly optedOut: boolean;
}

export interface BaselineStats {
  readonly read: number;
  readonly imported: number;
  /** Records opted out because their address is opted out on another record. */
  readonly covered: number;
  readonly written: number;
  readonly failed: number;
}

export function baselineConnection(emu: Emulator): Connection {
  return new Connection({
    instanceUrl: emu.baseUrl,
    accessToken: emu.sessions.createSession(),
    version: API_VERSION,
  });
}

function rowOf(source: Source, raw: Record<string, unknown>): Row {
  const email = raw[source.email];
  const optedOut = raw[source.field];
  return {
    id: String(raw.Id),
    name: typeof raw.Name === 'string' ? raw.Name : '',
    email: typeof email === 'string' && email !== '' ? email : null,
    optedOut: optedOut === true || optedOut === 'true',
  };
}

function optOutOf(emu: Emulator, source: Source, row: Row): SalesforceOptOut {
  return {
    orgId: emu.orgId,
    instanceUrl: `https://${emu.myDomainHost}`,
    recordId: row.id,
    object: source.object,
    name: row.name,
    email: row.email,
    setFields: row.optedOut ? [source.field] : [],
  };
}

interface ScriptOptions {
  readonly style: ScriptStyle;
  readonly sameEmail: boolean;
  readonly bulkPollMs: number;
}

/**
 * Every row of the query, page by page: REST when it fits one page, else Bulk API 2.0; the naive
 * script's REST pages all, whatever their number.
 */
async function readAll(
  conn: Connection,
  source: Source,
  soql: string,
  { style, bulkPollMs }: ScriptOptions,
  onRows: (rows: readonly Row[]) => Promise<void>,
): Promise<void> {
  const rest = await conn.query<Record<string, unknown>>(soql, {
    autoFetch: true,
    maxFetch: style === 'naive' ? Number.MAX_SAFE_INTEGER : REST_READ_LIMIT,
  });
  if (style === 'naive' || rest.totalSize <= REST_READ_LIMIT) {
    await onRows(rest.records.map((raw) => rowOf(source, raw)));
    return;
  }
  await bulkQuery(
    conn as unknown as Parameters<typeof bulkQuery>[0],
    soql,
    { count: () => undefined },
    (rows) => onRows(rows.map((raw) => rowOf(source, raw))),
    // A page handed over whole, as a script reading a Bulk result page would have it; polled at
    // jsforce's fixed interval, not the product's growing one.
    {
      pageSize: BULK_PAGE_SIZE,
      sliceSize: BULK_PAGE_SIZE,
      pollMs: bulkPollMs,
      maxPollMs: bulkPollMs,
    },
  );
}

export async function scriptReconcile(
  emu: Emulator,
  conn: Connection,
  db: Database,
  options: ScriptOptions,
): Promise<BaselineStats> {
  const stored = new Map(
    (await db.getAll('unsubscribes')).map(decodeUnsubscribe).map((r) => [r.recordId, r]),
  );
  const optedOut = new Set<string>();
  let read = 0;
  let imported = 0;
  for (const source of SOURCES) {
    const soql =
      `SELECT Id, Name, ${source.email}, ${source.field} FROM ${source.object} ` +
      `WHERE ${source.field} = true${source.writable}`;
    await readAll(conn, source, soql, options, async (rows) => {
      for (const row of rows) {
        read += 1;
        optedOut.add(row.id);
        const existing = stored.get(row.id);
        if (existing && existing.status !== 'undone') continue;
        const record = importedUnsubscribe(optOutOf(emu, source, row), [], 'baseline', Date.now());
        await db.put('unsubscribes', encodeUnsubscribe(record));
        stored.set(row.id, record);
        imported += 1;
      }
    });
  }
  const covered = options.sameEmail
    ? await coverSameEmail(emu, conn, db, stored, options)
    : { read: 0, count: 0 };
  read += covered.read;
  const { written, failed } = await writeMissing(conn, db, stored, optedOut, options.style);
  return { read, imported, covered: covered.count, written, failed };
}

/** One update of many records (sObject Collections of 200), or a request a record (naive). */
async function update(
  conn: Connection,
  object: string,
  records: { Id: string; [field: string]: unknown }[],
  style: ScriptStyle,
): Promise<{ success: boolean }[]> {
  const sobject = conn.sobject(object);
  if (style === 'fair') return sobject.update(records, { allowRecursive: true });
  const results: { success: boolean }[] = [];
  for (const record of records) results.push(await sobject.update(record));
  return results;
}

/** Every live stored unsubscribe Salesforce lacks, written object by object. */
async function writeMissing(
  conn: Connection,
  db: Database,
  stored: ReadonlyMap<string, UnsubscribeRecord>,
  optedOut: ReadonlySet<string>,
  style: ScriptStyle,
): Promise<{ written: number; failed: number }> {
  let written = 0;
  let failed = 0;
  for (const source of SOURCES) {
    const records = [...stored.values()].filter(
      (r) =>
        r.object === source.object &&
        r.status !== 'undone' &&
        r.status !== 'failed' &&
        !optedOut.has(r.recordId),
    );
    if (records.length === 0) continue;
    const results = await update(
      conn,
      source.object,
      records.map((r) => ({ Id: r.recordId, [source.field]: true })),
      style,
    );
    for (const [i, result] of results.entries()) {
      const record = records[i];
      if (!record || !result.success) {
        failed += 1;
        continue;
      }
      written += 1;
      await db.put(
        'unsubscribes',
        encodeUnsubscribe({ ...record, status: 'confirmed', confirmedAt: Date.now() }),
      );
    }
  }
  return { written, failed };
}

/**
 * The same-email rule: every writable record with an address lacking the field is stored as an
 * unsubscribe (to be written with the others) when another stored, live unsubscribe has its
 * address. `stored` gains them.
 */
async function coverSameEmail(
  emu: Emulator,
  conn: Connection,
  db: Database,
  stored: Map<string, UnsubscribeRecord>,
  options: ScriptOptions,
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
    const soql =
      `SELECT Id, Name, ${source.email}, ${source.field} FROM ${source.object} ` +
      `WHERE ${source.email} != null AND ${source.field} = false${source.writable}`;
    await readAll(conn, source, soql, options, async (rows) => {
      for (const row of rows) {
        read += 1;
        const by = optedOutBy.get(emailKey(row.email) ?? '');
        const existing = stored.get(row.id);
        if (!by || by.recordId === row.id || (existing && existing.status !== 'undone')) continue;
        const coveredBy = { recordId: by.recordId, object: by.object, name: by.name };
        const record = sameEmailUnsubscribe(
          optOutOf(emu, source, row),
          [source.field],
          coveredBy,
          [],
          'baseline',
          Date.now(),
        );
        await db.put('unsubscribes', encodeUnsubscribe(record));
        stored.set(row.id, record);
        count += 1;
      }
    });
  }
  return { read, count };
}
