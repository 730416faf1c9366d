import { toId18 } from '../../../src/lib/ids';
import type { RecordError } from '../data/record-error';
import { headerAllowsSave } from '../data/duplicate-rules';
import { applyUpdate, checkUpdate, type UpdateCheck } from '../data/record-update';
import { chargeServerTime } from '../control/latency';
import { jsonBody, type Handler } from '../http/context';
import { json, notFound, sfError } from '../http/reply';
import { recordJson, requestedFields } from './records';

const MAX_UPDATE_RECORDS = 200;
const MAX_RETRIEVE_IDS = 2000;
/**
 * "If the request body includes objects of more than one type, they are processed as chunks. For
 * example, if the incoming objects are {account1, account2, contact1, account3}, the request is
 * processed in three chunks … A single request can process up to 10 chunks." (REST API Developer
 * Guide, "Update Records Using sObject Collections",
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm).
 * The guide names no error code for more; the message is the one Salesforce gives for the same
 * limit elsewhere ("Cannot have more than 10 chunks in a single operation. Please rearrange the
 * data to reduce chunking."), and the code, INVALID_BATCH_REQUEST, is this emulator's assumption:
 * the whole request is refused, nothing is written.
 */
const MAX_TYPE_CHUNKS = 10;

/** How many same-type runs ("chunks") the records make in their order. */
function typeChunks(records: ReadonlyArray<Record<string, unknown>>): number {
  let chunks = 0;
  let last: unknown = Symbol('none');
  for (const record of records) {
    const type = (record.attributes as { type?: unknown } | undefined)?.type;
    if (type !== last) chunks += 1;
    last = type;
  }
  return chunks;
}

const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message:
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

interface SaveResult {
  readonly id?: string;
  readonly success: boolean;
  readonly errors: readonly RecordError[];
}

function isRecordList(value: unknown): value is Array<Record<string, unknown>> {
  return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null);
}

/** PATCH /composite/sobjects: up to 200 records, per-record results, optional all-or-none. */
export const collectionsUpdate: Handler = (request, { org }) => {
  const body = jsonBody(request) as { allOrNone?: unknown; records?: unknown } | undefined;
  const records = body?.records;
  if (!isRecordList(records)) {
    return sfError(400, 'JSON_PARSER_ERROR', 'Expected a JSON object with a records array.');
  }
  if (records.length > MAX_UPDATE_RECORDS) {
    return sfError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_UPDATE_RECORDS} records into this call`,
      [],
    );
  }
  if (typeChunks(records) > MAX_TYPE_CHUNKS) {
    return sfError(
      400,
      'INVALID_BATCH_REQUEST',
      'Cannot have more than 10 chunks in a single operation. Please rearrange the data to reduce chunking.',
      [],
    );
  }
  const duplicates = {
    allowSave: headerAllowsSave(request.headers['sforce-duplicate-rule-header'], request.version),
    version: request.version,
  };
  const checks: UpdateCheck[] = [];
  for (const record of records) {
    const attributes = record.attributes as { type?: unknown } | undefined;
    const object = org.objectNamed(typeof attributes?.type === 'string' ? attributes.type : '');
    if (!object) return sfError(400, 'INVALID_TYPE', 'Must send a concrete entity type.', []);
    const check = checkUpdate(
      org,
      object,
      record.id ?? record.Id,
      record,
      'collection',
      request.recordFaults,
      duplicates,
    );
    // An unknown field fails the deserialization of the whole request, not one record.
    if (!check.ok && check.error.statusCode === 'INVALID_FIELD') {
      return sfError(400, 'INVALID_FIELD', check.error.message, []);
    }
    checks.push(check);
  }
  chargeServerTime(request, { rowsWritten: records.length });
  const allOrNone = body?.allOrNone === true;
  const anyFailed = checks.some((check) => !check.ok);
  const results = checks.map((check): SaveResult => {
    if (!check.ok) {
      return { ...(check.id ? { id: check.id } : {}), success: false, errors: [check.error] };
    }
    if (allOrNone && anyFailed) {
      return { id: check.plan.location.id, success: false, errors: [ROLLED_BACK] };
    }
    applyUpdate(org, check.plan);
    return { id: check.plan.location.id, success: true, errors: [] };
  });
  return json(200, results);
};

/** GET /composite/sobjects/T?ids=&fields= and its POST form {ids, fields}: records or nulls. */
export const collectionsRetrieve: Handler = (request, { org }) => {
  const object = org.objectNamed(request.params.object ?? '');
  if (!object) return notFound();
  let ids: string[];
  let fieldList: string | null;
  if (request.method === 'POST') {
    const body = jsonBody(request) as { ids?: unknown; fields?: unknown } | undefined;
    ids = Array.isArray(body?.ids) ? body.ids.map(String) : [];
    fieldList = Array.isArray(body?.fields) ? body.fields.map(String).join(',') : null;
  } else {
    ids = (request.query.get('ids') ?? '').split(',').filter(Boolean);
    fieldList = request.query.get('fields');
  }
  if (!fieldList) {
    return sfError(400, 'MALFORMED_QUERY', 'The fields parameter is required.');
  }
  if (ids.length > MAX_RETRIEVE_IDS) {
    return sfError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RETRIEVE_IDS} records into this call`,
      [],
    );
  }
  const malformed = ids.find((id) => !toId18(id));
  if (malformed !== undefined) {
    return sfError(400, 'MALFORMED_ID', `malformed id ${malformed}`, []);
  }
  const selection = requestedFields(org, object, fieldList);
  if ('error' in selection) return selection.error;
  chargeServerTime(request, { rowsRead: ids.length });
  return json(
    200,
    ids.map((id) => {
      const location = org.locate(id);
      if (!location || location.object !== object || location.table.isDeleted(location.row)) {
        return null;
      }
      return recordJson(location, selection.fields, request.version);
    }),
  );
};
