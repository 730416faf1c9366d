import type { UnsubscribeRecord } from '../db/schema';
import { PERSON_KIND, type PersonKind } from '../person-kinds';
import { afterSalesforceRead, importedUnsubscribe } from './diff';
import type { RunState } from './run-state';

/** A record as a query returned it: Id, Name, email and the chosen fields. */
export type SalesforceRow = Record<string, unknown>;

/**
 * Stores what a page of rows read from Salesforce says (R5): new opt-outs are imported, stored
 * unsubscribes learn which fields Salesforce has set. One IndexedDB transaction per page.
 */
export async function storeReadRows(
  state: RunState,
  kind: PersonKind,
  fields: readonly string[],
  rows: SalesforceRow[],
): Promise<void> {
  const { db, orgId } = state.deps;
  const tx = db.transaction('unsubscribes', 'readwrite');
  const now = state.deps.now();
  let imported = 0;
  await Promise.all([
    ...rows.map(async (row) => {
      const id = String(row.Id);
      const setFields = fields.filter((f) => row[f] === true || row[f] === 'true');
      const existing = await tx.store.get([orgId, id]);
      const next = afterSalesforceRead(existing, setFields, state.run.id, now);
      if (next === 'nothing') return;
      if (next === 'import') {
        imported += 1;
        await tx.store.put(importedRecord(state, kind, row, setFields, existing, now));
        return;
      }
      await tx.store.put(next);
    }),
    tx.done,
  ]);
  state.add({ read: rows.length, imported });
}

function importedRecord(
  state: RunState,
  kind: PersonKind,
  row: SalesforceRow,
  setFields: string[],
  existing: UnsubscribeRecord | undefined,
  now: number,
): UnsubscribeRecord {
  const source = PERSON_KIND[kind];
  const email = row[source.emailField];
  const optOut = {
    orgId: state.deps.orgId,
    instanceUrl: state.deps.instanceUrl,
    recordId: String(row.Id),
    object: source.object,
    name: typeof row.Name === 'string' ? row.Name : '',
    email: typeof email === 'string' && email !== '' ? email : null,
    setFields,
  };
  return importedUnsubscribe(optOut, existing?.history ?? [], state.run.id, now);
}
