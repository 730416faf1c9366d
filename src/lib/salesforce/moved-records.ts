import type { Connection } from 'jsforce/core';
import type { MovedTo } from '../db/schema';
import { groupBy } from '../group-by';
import { kindOfObject, PERSON_KIND, type PersonObject } from '../person-kinds';
import { movedRecordsSoql } from '../reconcile/queries';
import { allRows } from './query-batches';

/** A record a write could not reach: deleted (perhaps merged) or converted. */
export interface GoneRecord {
  readonly recordId: string;
  readonly object: PersonObject;
}

/**
 * Where each of these records went, by Id: one `queryAll` per object (deleted records included),
 * each counted through `countCall`, so a merged loser names its master and a converted Lead its
 * Contact. A record simply deleted (no master) or not found is absent: it stays failed.
 */
export async function findMoves(
  conn: Connection,
  records: readonly GoneRecord[],
  countCall: () => void = () => {},
): Promise<Map<string, MovedTo>> {
  const moves = new Map<string, MovedTo>();
  for (const [object, group] of groupBy(records, (r) => r.object)) {
    const kind = kindOfObject(object);
    const { convertedTo } = PERSON_KIND[kind];
    const soql = movedRecordsSoql(
      kind,
      group.map((r) => r.recordId),
    );
    // Every batch, to `done`: a batch may hold fewer rows than the Ids asked for.
    for (const row of await allRows(conn, soql, { scanAll: true, onRequest: countCall })) {
      const id = row.Id;
      const master = row.MasterRecordId;
      const converted = convertedTo ? row[convertedTo.field] : null;
      if (typeof id !== 'string') continue;
      if (row.IsDeleted === true && typeof master === 'string')
        moves.set(id, { recordId: master, object, reason: 'merged' });
      else if (convertedTo && typeof converted === 'string')
        moves.set(id, { recordId: converted, object: convertedTo.object, reason: 'converted' });
    }
  }
  return moves;
}
