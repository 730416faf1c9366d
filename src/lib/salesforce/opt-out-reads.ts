import type { Connection } from 'jsforce/core';
import type { PersonObject } from '../person-kinds';
import { allRows } from './query-batches';

const SAFE_NAME = /^[A-Za-z0-9_]+$/;

/**
 * The current values of some checkbox fields on up to a few hundred records of one object, in one
 * query: Ids and field names come from validated Ids and describe results, and are checked again
 * here before they are put into SOQL.
 */
export async function readCheckboxes(
  conn: Connection,
  object: PersonObject,
  ids: readonly string[],
  fields: readonly string[],
): Promise<Map<string, Readonly<Record<string, boolean>>>> {
  const values = new Map<string, Readonly<Record<string, boolean>>>();
  if (ids.length === 0) return values;
  if (![...ids, ...fields].every((s) => SAFE_NAME.test(s))) {
    throw new Error('refusing to query with an unsafe Id or field name');
  }
  const select = ['Id', ...fields].join(', ');
  const idList = ids.map((id) => `'${id}'`).join(', ');
  // Every batch, to `done`: a batch may hold fewer rows than the Ids asked for.
  const rows = await allRows(conn, `SELECT ${select} FROM ${object} WHERE Id IN (${idList})`);
  for (const record of rows) {
    if (typeof record.Id !== 'string') continue;
    values.set(record.Id, Object.fromEntries(fields.map((f) => [f, record[f] === true])));
  }
  return values;
}
