import type { Connection } from 'jsforce/core';
import { PERSON_KIND, placeOf } from '../person-kinds';
import { allRows } from './query-batches';
import { sameEmailSoql } from '../reconcile/queries';
import { lookupAddresses, type CoveredRecord, type SameEmailScope } from '../same-email';

/** One kind to look in, and the push fields its records would be given. */
export interface SameEmailLookup {
  readonly scope: SameEmailScope;
  readonly fields: readonly string[];
  /** The field path that gives where each record belongs (`placeSelect`); null: not read. */
  readonly place?: string | null;
}

/** What the lookup found besides the record itself. */
export interface SameEmailFound {
  /** The records a click would change: some push field of theirs is still false. */
  readonly covered: readonly CoveredRecord[];
  /** The records with the address whose push fields are all set already: nothing to write. */
  readonly alreadyOptedOut: number;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The records of these kinds that have `email` (Salesforce compares it case-insensitively; a
 * blank address finds nothing), other than `selfId`: one query per kind (more only for an
 * address too long for one URI), each reading the push fields so that only what is missing is
 * written, and where each record belongs (its account or company) for the card.
 */
export async function readSameEmail(
  conn: Connection,
  email: string | null,
  selfId: string,
  lookups: readonly SameEmailLookup[],
): Promise<SameEmailFound> {
  const addresses = lookupAddresses([email]);
  const covered: CoveredRecord[] = [];
  let alreadyOptedOut = 0;
  if (addresses.length === 0) return { covered, alreadyOptedOut };
  for (const { scope, fields, place } of lookups) {
    const { object, emailField } = PERSON_KIND[scope.kind];
    // Where each record belongs comes in the same query: no request more.
    const extra = place ? [place] : [];
    for (const soql of sameEmailSoql({ scope, fields, addresses, extra })) {
      for (const row of await allRows(conn, soql)) {
        const recordId = text(row.Id);
        if (recordId === null || recordId === selfId) continue;
        const setByClick = fields.filter((f) => row[f] !== true);
        if (setByClick.length === 0) {
          alreadyOptedOut += 1;
          continue;
        }
        const name = text(row.Name) ?? '';
        const found = { kind: scope.kind, object, recordId, name, email: text(row[emailField]) };
        const at = place ? placeOf(scope.kind, row) : null;
        covered.push({ ...found, ...(at === null ? {} : { place: at }), fields, setByClick });
      }
    }
  }
  return { covered, alreadyOptedOut };
}
