import { Connection } from 'jsforce';
import type { Database } from '../src/lib/db/open';
import { importedUnsubscribe } from '../src/lib/reconcile/diff';
import type { UnsubscribeRecord } from '../src/lib/db/schema';
import { API_VERSION } from '../src/lib/salesforce/connection';
import type { Emulator } from '../test/emulator/index';

/**
 * The naive reconcile the product is measured against, written as plain jsforce would have it:
 * one autoFetch query per object for every opted-out record, one IndexedDB put per imported
 * record, then one REST update call (and one put) per stored unsubscribe Salesforce lacks.
 * Correct, with no paging, batching, checkpoints or watermark: every night is a full pass.
 */

/** jsforce's autoFetch stops silently at 10,000 records unless told otherwise. */
const MAX_FETCH = 100_000_000;
/**
 * A bound on the baseline's cost: it stops after this many update calls (about 75 s against the
 * emulator) and says so. The 1M night needs 20,000, so every default and 1M run is whole.
 */
export const BASELINE_UPDATE_CAP = 25_000;

const SOURCES = [
  { object: 'Contact', field: 'HasOptedOutOfEmail', email: 'Email', filter: '' },
  { object: 'Lead', field: 'HasOptedOutOfEmail', email: 'Email', filter: '' },
  {
    object: 'Account',
    field: 'PersonHasOptedOutOfEmail',
    email: 'PersonEmail',
    filter: ' AND IsPersonAccount = true',
  },
] as const;

type Source = (typeof SOURCES)[number];

export interface BaselineStats {
  readonly read: number;
  readonly imported: number;
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

/** The same stored record the product makes of a Salesforce opt-out. */
function imported(emu: Emulator, source: Source, row: Record<string, unknown>): UnsubscribeRecord {
  const email = row[source.email];
  const optOut = {
    orgId: emu.orgId,
    instanceUrl: `https://${emu.myDomainHost}`,
    recordId: String(row.Id),
    object: source.object,
    name: typeof row.Name === 'string' ? row.Name : '',
    email: typeof email === 'string' && email !== '' ? email : null,
    setFields: [source.field],
  };
  return importedUnsubscribe(optOut, [], 'baseline', Date.now());
}

export async function naiveReconcile(
  emu: Emulator,
  conn: Connection,
  db: Database,
): Promise<BaselineStats> {
  const stored = new Map((await db.getAll('unsubscribes')).map((r) => [r.recordId, r]));
  const optedOut = new Set<string>();
  let read = 0;
  let importedCount = 0;
  for (const source of SOURCES) {
    const result = await conn.query<Record<string, unknown>>(
      `SELECT Id, Name, ${source.email}, ${source.field} FROM ${source.object} ` +
        `WHERE ${source.field} = true${source.filter}`,
      { autoFetch: true, maxFetch: MAX_FETCH },
    );
    for (const row of result.records) {
      read += 1;
      const id = String(row.Id);
      optedOut.add(id);
      const existing = stored.get(id);
      if (existing && existing.status !== 'undone') continue;
      await db.put('unsubscribes', imported(emu, source, row));
      importedCount += 1;
    }
  }
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
    await db.put('unsubscribes', { ...record, status: 'confirmed', confirmedAt: Date.now() });
  }
  return { read, imported: importedCount, written, failed, capped };
}
