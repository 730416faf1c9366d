import { chargeServerTime } from '../control/latency';
import type { Handler, ApiRequest, EmulatorContext } from '../http/context';
import { json, sfError, type Reply } from '../http/reply';
import { createRandom } from '../random';
import { compileSoql } from '../soql/compile';
import type { QueryCursor } from '../soql/cursors';
import { selectRows } from '../soql/execute';
import { SoqlError } from '../soql/soql-error';
import { recordJson } from './records';
import type { Org, RecordLocation } from '../data/org';
import type { ParentField } from '../soql/compile';

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

/** `Sforce-Query-Options: batchSize=N` (200–2000); Salesforce treats it as a hint. */
function batchSizeOf(request: ApiRequest): number {
  const header = request.headers['sforce-query-options'];
  const match = /batchSize\s*=\s*(\d+)/i.exec(String(header ?? ''));
  if (!match) return DEFAULT_BATCH;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

function runQuery(request: ApiRequest, context: EmulatorContext, includeDeleted: boolean): Reply {
  const soql = request.query.get('q');
  if (!soql) return sfError(400, 'MALFORMED_QUERY', 'A query string (q) is required.');
  try {
    const query = compileSoql(context.org, soql);
    const table = context.org.tables[query.object];
    const rows = selectRows(table, query, includeDeleted);
    if (query.count?.style === 'bare') {
      return json(200, { totalSize: rows.length, done: true, records: [] });
    }
    if (query.count?.style === 'aggregate') {
      return json(200, {
        totalSize: 1,
        done: true,
        records: [{ attributes: { type: 'AggregateResult' }, [query.count.alias]: rows.length }],
      });
    }
    return page(
      request,
      context,
      {
        table,
        fields: query.fields,
        parents: query.parents,
        rows,
        batchSize: batchSizeOf(request),
      },
      null,
      0,
    );
  } catch (error) {
    if (error instanceof SoqlError) return sfError(400, error.errorCode, error.message);
    throw error;
  }
}

/**
 * The parent records a row's SELECT names through a relationship, as Salesforce's REST query
 * answers them: under the relationship name, an object with the parent's `attributes` and the
 * fields selected of it, or `null` when the lookup is empty (a relationship query returns the
 * record all the same, as an outer join: SOQL and SOSL Reference, "null Values in Lookup
 * Relationships and Outer Joins",
 * https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-relationships-lookup.html).
 */
function parentsJson(
  org: Org,
  location: RecordLocation,
  parents: readonly ParentField[],
  version: string,
): Record<string, unknown> {
  const json: Record<string, Record<string, unknown> | null> = {};
  for (const parent of parents) {
    const id = location.table.get(location.row, parent.reference.slot);
    const found = typeof id === 'string' ? org.locate(id) : null;
    if (!found || found.object !== parent.object || found.table.isDeleted(found.row)) {
      json[parent.relationship] = null;
      continue;
    }
    // Several fields of one parent (`Account.Name, Account.Id`) share its object.
    const selected = recordJson(found, [parent.field], version);
    json[parent.relationship] = { ...json[parent.relationship], ...selected };
  }
  return json;
}

/**
 * The rows of the batch that starts at `offset`: the batch size, or in the `uneven` mode
 * (`EmulatorOptions.queryBatches`) a seeded 1 to a quarter of it, different from batch to batch
 * and the same for the same query on every run.
 */
function batchRows(context: EmulatorContext, cursor: QueryCursor, offset: number): number {
  if (context.options.queryBatches !== 'uneven') return cursor.batchSize;
  const random = createRandom((context.options.seed * 7919) ^ (offset * 2_654_435_761));
  return 1 + random.int(Math.max(1, Math.floor(cursor.batchSize / 4)));
}

function page(
  request: ApiRequest,
  context: EmulatorContext,
  cursor: QueryCursor,
  cursorId: string | null,
  offset: number,
): Reply {
  const end = Math.min(cursor.rows.length, offset + batchRows(context, cursor, offset));
  const records = [];
  const { table } = cursor;
  for (let i = offset; i < end; i++) {
    const row = cursor.rows[i] ?? 0;
    const location = { object: table.object, table, row, id: table.ids.idOf(row) };
    records.push({
      ...recordJson(location, cursor.fields, request.version),
      ...parentsJson(context.org, location, cursor.parents, request.version),
    });
  }
  chargeServerTime(request, { rowsRead: records.length });
  const done = end >= cursor.rows.length;
  const body: Record<string, unknown> = { totalSize: cursor.rows.length, done };
  if (!done) {
    const id = cursorId ?? context.cursors.open(cursor);
    body.nextRecordsUrl = `/services/data/v${request.version}/query/${id}-${end}`;
  }
  body.records = records;
  return json(200, body);
}

export const query: Handler = (request, context) => runQuery(request, context, false);
export const queryAll: Handler = (request, context) => runQuery(request, context, true);

/** GET /query/<cursorId>-<offset>: the next page of an open cursor. */
export const queryMore: Handler = (request, context) => {
  const match = /^(\w+)-(\d+)$/.exec(request.params.locator ?? '');
  const cursor = match ? context.cursors.get(match[1] ?? '') : undefined;
  if (!match || !cursor) {
    return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  }
  return page(request, context, cursor, match[1] ?? null, Number(match[2]));
};
