import type { CoveredBy, UnsubscribeRecord } from '../db/schema';
import { countedWrites, type CountedWrites } from '../db/unsubscribe-counts';
import { PERSON_KIND, type PersonKind } from '../person-kinds';
import { emailKey } from '../same-email';
import {
  afterSalesforceRead,
  importedUnsubscribe,
  sameEmailUnsubscribe,
  withReadAddress,
  type SalesforceOptOut,
} from './diff';
import { readInComposites } from '../salesforce/composite-queries';
import type { RunState } from './run-state';
import type { StoredAddresses } from './stored-addresses';

/** A record as a query returned it: Id, Name, email and the chosen fields. */
export type SalesforceRow = Record<string, unknown>;

/** A query whose rows are records of one kind, read with its chosen fields. */
export interface StoreRead {
  readonly kind: PersonKind;
  readonly fields: readonly string[];
  readonly soql: string;
}

/**
 * Every batch of these queries into the store (`storeReadRows`), five queries to a Composite
 * request (one API call), each followed to `done`: even 200 rows may come in more than one batch.
 */
export async function readIntoStore(state: RunState, reads: readonly StoreRead[]): Promise<void> {
  await readInComposites<SalesforceRow>(
    state.deps.conn,
    reads.map(({ soql }) => ({ soql })),
    async (index, batch) => {
      const read = reads[index];
      if (read) await storeReadRows(state, read.kind, read.fields, batch.records);
    },
    { countCall: state.calls.count },
  );
}

/**
 * Stores what a page of rows read from Salesforce says (R5): new opt-outs are imported, stored
 * unsubscribes learn which fields Salesforce has set and the address it holds, and, with the
 * `sameEmail` setting, a record that lacks a field while the store holds an opted-out record
 * of its address becomes an unsubscribe too. One IndexedDB transaction per page, the
 * unsubscribe counters' change included, and few requests in it: the page's stored records are
 * found together (`getMany`), the writes are issued without waiting for each other, and with
 * `addresses` (the store's addresses, `StoredAddresses`) the same-email index lookup is made only
 * for an address the store may hold.
 */
export async function storeReadRows(
  state: RunState,
  kind: PersonKind,
  fields: readonly string[],
  rows: readonly SalesforceRow[],
  addresses?: StoredAddresses,
): Promise<void> {
  const { db, orgId, settings } = state.deps;
  const runId = state.run.id;
  const now = state.deps.now();
  const optOuts = rows.map((row) => optOutOf(state, kind, fields, row));
  let imported = 0;
  let covered = 0;
  await countedWrites(db, async (writes) => {
    const stored = await writes.getMany(
      orgId,
      optOuts.map((o) => o.recordId),
    );
    const puts: Promise<void>[] = [];
    const put = (record: UnsubscribeRecord) => {
      addresses?.add(record.emailKey);
      const written = writes.put(record);
      // Watched at once: a failed put aborts the transaction, and the lookups fail first.
      written.catch(() => undefined);
      puts.push(written);
    };
    const lookups: Promise<void>[] = [];
    for (const optOut of optOuts) {
      const existing = stored.get(optOut.recordId);
      const next = afterSalesforceRead(existing, optOut.setFields, runId, now);
      const history = existing?.history ?? [];
      if (next === 'import') {
        imported += 1;
        put(importedUnsubscribe(optOut, history, runId, now));
      } else if (next !== 'nothing') {
        put(withReadAddress(next, optOut.email, now));
      } else if (settings.sameEmail) {
        const key = emailKey(optOut.email);
        if (key === null || (addresses && !addresses.mayHold(key))) continue;
        lookups.push(
          optedOutTwin(writes, optOut, key).then((by) => {
            if (!by) return;
            covered += 1;
            put(sameEmailUnsubscribe(optOut, fields, by, history, runId, now));
          }),
        );
      }
    }
    await Promise.all(lookups);
    await Promise.all(puts);
  });
  state.add({ read: rows.length, imported, covered });
}

function optOutOf(
  state: RunState,
  kind: PersonKind,
  fields: readonly string[],
  row: SalesforceRow,
): SalesforceOptOut {
  const source = PERSON_KIND[kind];
  const email = row[source.emailField];
  return {
    orgId: state.deps.orgId,
    instanceUrl: state.deps.instanceUrl,
    recordId: String(row.Id),
    object: source.object,
    name: typeof row.Name === 'string' ? row.Name : '',
    email: typeof email === 'string' && email !== '' ? email : null,
    setFields: fields.filter((f) => row[f] === true || row[f] === 'true'),
  };
}

/** Another record of the store with this record's address and a live unsubscribe, if any. */
async function optedOutTwin(
  writes: CountedWrites,
  optOut: SalesforceOptOut,
  key: string,
): Promise<CoveredBy | null> {
  const same = await writes.withAddress(optOut.orgId, key);
  const twin = same.find((r) => r.recordId !== optOut.recordId && isLive(r));
  return twin ? { recordId: twin.recordId, object: twin.object, name: twin.name } : null;
}

/** An unsubscribe that stands: waiting, confirmed, or refused and waiting for a person. */
const isLive = (r: UnsubscribeRecord): boolean => r.status !== 'undone';
