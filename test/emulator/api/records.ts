import { toId18 } from '../../../src/lib/ids';
import { toApiValue } from '../data/field-values';
import type { Org, RecordLocation } from '../data/org';
import { headerAllowsSave } from '../data/duplicate-rules';
import { statusOfRecordError } from '../data/record-error';
import { applyUpdate, checkUpdate } from '../data/record-update';
import type { FieldDef, ObjectName } from '../data/schema';
import { chargeServerTime } from '../control/latency';
import { jsonBody, type Handler } from '../http/context';
import { json, noContent, notFound, sfError, type Reply } from '../http/reply';

export function noSuchColumnMessage(name: string, object: string): string {
  return `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
}

/** The fields a `fields=` list names, or the error reply for the first unknown one. */
export function requestedFields(
  org: Org,
  object: ObjectName,
  list: string | null,
): { readonly fields: readonly FieldDef[] } | { readonly error: Reply } {
  const schema = org.schema(object);
  if (!list) return { fields: schema.fields };
  const fields: FieldDef[] = [];
  for (const name of list
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const field = schema.field(name);
    if (!field) return { error: sfError(400, 'INVALID_FIELD', noSuchColumnMessage(name, object)) };
    fields.push(field);
  }
  return { fields };
}

export function recordJson(
  location: RecordLocation,
  fields: readonly FieldDef[],
  version: string,
): Record<string, unknown> {
  const { object, table, row, id } = location;
  const record: Record<string, unknown> = {
    attributes: { type: object, url: `/services/data/v${version}/sobjects/${object}/${id}` },
  };
  for (const field of fields) record[field.name] = toApiValue(field, table.get(row, field.slot));
  return record;
}

export const retrieveRecord: Handler = (request, { org }) => {
  const object = org.objectNamed(request.params.object ?? '');
  if (!object) return notFound();
  const rawId = request.params.id ?? '';
  if (!toId18(rawId)) {
    return sfError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${rawId}`,
    );
  }
  const location = org.locate(rawId);
  if (!location || location.object !== object) return notFound();
  if (location.table.isDeleted(location.row)) {
    return sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
  }
  const selection = requestedFields(org, object, request.query.get('fields'));
  if ('error' in selection) return selection.error;
  return json(200, recordJson(location, selection.fields, request.version));
};

export const updateRecord: Handler = (request, { org }) => {
  const object = org.objectNamed(request.params.object ?? '');
  if (!object) return notFound();
  const body = jsonBody(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return sfError(400, 'JSON_PARSER_ERROR', 'The request body is not a JSON object.');
  }
  chargeServerTime(request, { rowsWritten: 1 });
  const check = checkUpdate(
    org,
    object,
    request.params.id,
    body as Record<string, unknown>,
    'single',
    request.recordFaults,
    {
      allowSave: headerAllowsSave(request.headers['sforce-duplicate-rule-header'], request.version),
      version: request.version,
    },
  );
  if (!check.ok) {
    const { error } = check;
    if (error.duplicateResult) {
      // The error envelope with the DuplicateError's details, as the REST API answers a
      // single-record save that a duplicate rule refused.
      return json(400, [
        {
          duplicateResult: error.duplicateResult,
          errorCode: error.statusCode,
          message: error.message,
          fields: error.fields,
        },
      ]);
    }
    return sfError(statusOfRecordError(error), error.statusCode, error.message, error.fields);
  }
  applyUpdate(org, check.plan);
  return noContent();
};
