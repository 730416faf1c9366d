import type { PersonTable } from '../data/person-table';
import type { CompiledQuery, OrderKey } from './compile';
import { comparable } from './where';

/**
 * The matching rows of a query, in result order, as row numbers: a cursor over a million rows
 * costs four bytes a row, and records are built only for the page being served.
 */
export function selectRows(
  table: PersonTable,
  query: CompiledQuery,
  includeDeleted: boolean,
): Int32Array {
  const test = query.where?.test;
  const keep = (row: number) =>
    (includeDeleted || !table.isDeleted(row)) && (!test || test(table, row));
  let rows = query.where?.idCandidates
    ? candidateRows(table, query.where.idCandidates).filter(keep)
    : scan(table, keep);
  if (query.orderBy.length) rows = sortRows(table, rows, query.orderBy);
  const end = query.limit === null ? rows.length : query.offset + query.limit;
  return query.offset || end < rows.length ? rows.slice(query.offset, end) : rows;
}

function scan(table: PersonTable, keep: (row: number) => boolean): Int32Array {
  const found = new Int32Array(table.size);
  let count = 0;
  for (let row = 0; row < table.size; row++) {
    if (keep(row)) found[count++] = row;
  }
  return found.slice(0, count);
}

function candidateRows(table: PersonTable, ids: readonly string[]): Int32Array {
  const rows = new Set<number>();
  for (const id of ids) {
    const row = table.rowOf(id);
    if (row !== null) rows.add(row);
  }
  return Int32Array.from(rows).sort();
}

function sortRows(table: PersonTable, rows: Int32Array, keys: readonly OrderKey[]): Int32Array {
  // Read each sort key once per row rather than once per comparison.
  const columns = keys.map((key) =>
    Array.from(rows, (row) => comparable(key.field, table.get(row, key.field.slot))),
  );
  const order = Int32Array.from(rows.keys());
  order.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      const column = columns[k];
      if (!key || !column) continue;
      const x = column[a] ?? null;
      const y = column[b] ?? null;
      if (x === y) continue;
      if (x === null || y === null) return (x === null) === key.nullsLast ? 1 : -1;
      const sign = x < y ? -1 : 1;
      return key.descending ? -sign : sign;
    }
    return a - b;
  });
  return order.map((position) => rows[position] ?? 0);
}
