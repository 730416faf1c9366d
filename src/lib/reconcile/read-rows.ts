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
import type { RunState } from './run-state';

/** A record as a query returned it: Id, Name, email and the chosen fields. */
export type SalesforceRow = Record<string, unknown>;

/**
 * Stores what a page of rows read from Salesforce says (R5): new opt-outs are imported, stored
 * unsubscribes learn which fields Salesforce has set and the address it holds, and, with the
 * `sameEmail` setting, a record that lacks a field while the store holds an opted-out record
 * of its address becomes an unsubscribe too. One IndexedDB transaction per page, the
 * unsubscribe counters' change included.
 */
export async function storeReadRows(
  state: RunState,
  kind: PersonKind,
  fields: readonly string[],
  rows: SalesforceRow[],
): Promise<void> {
  const { db, settings } = state.deps;
  const now = state.deps.now();
  let imported = 0;
  let covered = 0;
  await countedWrites(db, (writes) =>
    Promise.all(
      rows.map(async (row) => {
        const optOut = optOutOf(state, kind, fields, row);
        const existing = await writes.get(optOut.orgId, optOut.recordId);
        const next = afterSalesforceRead(existing, optOut.setFields, state.run.id, now);
        if (next === 'import') {
          imported += 1;
          const history = existing?.history ?? [];
          await writes.put(importedUnsubscribe(optOut, history, state.run.id, now));
        } else if (next !== 'nothing') {
          await writes.put(withReadAddress(next, optOut.email, now));
        } else if (settings.sameEmail) {
          const by = await optedOutTwin(writes, optOut);
          if (!by) return;
          covered += 1;
          const history = existing?.history ?? [];
          await writes.put(sameEmailUnsubscribe(optOut, fields, by, history, state.run.id, now));
        }
      }),
    ),
  );
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
): Promise<CoveredBy | null> {
  const key = emailKey(optOut.email);
  if (key === null) return null;
  const same = await writes.withAddress(optOut.orgId, key);
  const twin = same.find((r) => r.recordId !== optOut.recordId && isLive(r));
  return twin ? { recordId: twin.recordId, object: twin.object, name: twin.name } : null;
}

/** An unsubscribe that stands: waiting, confirmed, or refused and waiting for a person. */
const isLive = (r: UnsubscribeRecord): boolean => r.status !== 'undone';
