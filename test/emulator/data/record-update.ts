import { toId18 } from '../../../src/lib/ids';
import type { RecordFaults } from '../control/faults';
import { duplicateError, ruleAllows } from './duplicate-rules';
import { toApiValue } from './field-values';
import type { Org, RecordLocation } from './org';
import type { FieldValue } from './person-table';
import type { RecordError } from './record-error';
import type { FieldDef, ObjectName } from './schema';

/**
 * Checking and applying one record update, shared by the single-record PATCH, sObject Collections
 * and Bulk API ingest. Checking never writes, so an all-or-none batch can check every record
 * before applying any.
 */

/** Which API the update came through: the same problem is reported differently by each. */
export type WriteChannel = 'single' | 'collection' | 'bulk';

export interface PlannedUpdate {
  readonly location: RecordLocation;
  readonly channel: WriteChannel;
  readonly values: ReadonlyArray<readonly [FieldDef, FieldValue]>;
}

export type UpdateCheck =
  | { readonly ok: true; readonly plan: PlannedUpdate }
  | { readonly ok: false; readonly id: string | null; readonly error: RecordError };

const BOOLEAN_TEXT: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** In Bulk API CSV, an empty cell leaves the field alone and `#N/A` clears it. */
const BULK_NULL = '#N/A';

/** What a request says about duplicate rules: its Sforce-Duplicate-Rule-Header and API version. */
export interface DuplicateRuleOptions {
  readonly allowSave: boolean;
  readonly version: string;
}

export function checkUpdate(
  org: Org,
  object: ObjectName,
  rawId: unknown,
  input: Readonly<Record<string, unknown>>,
  channel: WriteChannel,
  faults: RecordFaults,
  duplicates: DuplicateRuleOptions = { allowSave: false, version: '' },
): UpdateCheck {
  const located = locateForUpdate(org, object, rawId, channel);
  if (!located.ok) return located;
  const { location } = located;
  const fail = (error: RecordError): UpdateCheck => ({ ok: false, id: location.id, error });

  const injected = faults.errorFor(location.id);
  if (injected) return fail(injected);
  if (location.table.isDeleted(location.row)) {
    return fail({ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] });
  }
  const values = readValues(org, location, input, channel);
  if ('error' in values) return fail(values.error);
  if (object === 'Contact' && location.table.get(location.row, 'IsPersonAccount') === true) {
    // A person contact changes through its Person Account (API Developer Guide, "Person Account
    // Record Types"). The guides name no error code for a direct update; Salesforce Help article
    // 005305352 shows one (a person contact updated through Contact fails with
    // INSUFFICIENT_ACCESS_OR_READONLY), the closest documented answer, so every channel gets it.
    return fail({
      statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
      message: `insufficient access rights on object id: ${location.id}`,
      fields: [],
    });
  }
  if (object === 'Lead' && location.table.get(location.row, 'IsConverted') === true) {
    return fail({
      statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
      message: 'cannot reference converted lead',
      fields: [],
    });
  }
  const rule = org.validationRuleFor(location.id);
  if (rule) {
    return fail({
      statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: rule.message,
      fields: rule.field ? [rule.field] : [],
    });
  }
  // Duplicate rules run after validation rules (Apex Developer Guide, "Triggers and Order of
  // Execution").
  const duplicate = org.duplicateRuleFor(location.id);
  if (duplicate && !ruleAllows(duplicate, duplicates.allowSave)) {
    return fail(duplicateError(object, duplicate, duplicates.version || '52.0'));
  }
  return { ok: true, plan: { location, channel, values: values.values } };
}

export function applyUpdate(org: Org, plan: PlannedUpdate): void {
  const { table, row, object, id } = plan.location;
  if (org.undoLog) {
    const before = plan.values.map(([field]) => [field.slot, table.get(row, field.slot)] as const);
    const stamps = (['LastModifiedDate', 'SystemModstamp'] as const).map(
      (slot) => [slot, table.get(row, slot)] as const,
    );
    const seq = org.writes.lastSeq + 1;
    org.undoLog.add(() => {
      for (const [slot, value] of before) table.set(row, slot, value);
      for (const [slot, value] of stamps) table.set(row, slot, value);
      org.writes.remove(seq);
    });
  }
  for (const [field, value] of plan.values) table.set(row, field.slot, value);
  // Every API session of the emulated org is its one user's (a UI `sid` or an OAuth token).
  table.touch(row, org.now(), org.userId);
  org.writes.add({
    channel: plan.channel,
    object,
    id,
    fields: Object.fromEntries(
      plan.values.map(([field, value]) => [field.name, toApiValue(field, value)]),
    ),
  });
}

function locateForUpdate(
  org: Org,
  object: ObjectName,
  rawId: unknown,
  channel: WriteChannel,
): { ok: true; location: RecordLocation } | { ok: false; id: null; error: RecordError } {
  const text = typeof rawId === 'string' ? rawId : String(rawId ?? '');
  const id18 = toId18(text);
  const fail = (statusCode: string, message: string, fields: string[] = []) => ({
    ok: false as const,
    id: null,
    error: { statusCode, message, fields },
  });
  const wrongType = () =>
    fail('MALFORMED_ID', `${object} ID: id value of incorrect type: ${text}`, ['Id']);
  if (!id18) {
    return channel === 'single'
      ? fail('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${text}`)
      : wrongType();
  }
  const location = org.locate(id18);
  if (location && location.object === object) return { ok: true, location };
  if (channel === 'single') return fail('NOT_FOUND', 'The requested resource does not exist');
  return id18.startsWith(org.schema(object).info.keyPrefix)
    ? fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')
    : wrongType();
}

function readValues(
  org: Org,
  location: RecordLocation,
  input: Readonly<Record<string, unknown>>,
  channel: WriteChannel,
): { values: Array<[FieldDef, FieldValue]> } | { error: RecordError } {
  const schema = org.schema(location.object);
  const values: Array<[FieldDef, FieldValue]> = [];
  const readOnly: string[] = [];
  for (const [name, raw] of Object.entries(input)) {
    if (name === 'attributes' || name.toLowerCase() === 'id') continue;
    if (channel === 'bulk' && raw === '') continue;
    const field = schema.field(name);
    if (!field) {
      return {
        error: {
          statusCode: 'INVALID_FIELD',
          message: `No such column '${name}' on sobject of type ${location.object}`,
          fields: [],
        },
      };
    }
    if (!field.updateable) {
      readOnly.push(field.name);
      continue;
    }
    const value = coerce(field, channel === 'bulk' && raw === BULK_NULL ? null : raw);
    if ('error' in value) return value;
    values.push([field, value.value]);
  }
  if (readOnly.length) {
    return {
      error: {
        statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        message: `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        fields: readOnly,
      },
    };
  }
  return { values };
}

function coerce(field: FieldDef, raw: unknown): { value: FieldValue } | { error: RecordError } {
  const wrongType = () => ({
    error: {
      statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
      message: `${field.label}: value not of required type: ${String(raw)}`,
      fields: [field.name],
    },
  });
  if (field.type === 'boolean') {
    if (raw === null) return { value: false };
    if (typeof raw === 'boolean') return { value: raw };
    const parsed = typeof raw === 'string' ? BOOLEAN_TEXT[raw.toLowerCase()] : undefined;
    return parsed === undefined ? wrongType() : { value: parsed };
  }
  if (raw === null || raw === undefined) {
    return field.nillable
      ? { value: null }
      : {
          error: {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: `Required fields are missing: [${field.name}]`,
            fields: [field.name],
          },
        };
  }
  if (typeof raw === 'object') return wrongType();
  const text = String(raw);
  if (field.length && text.length > field.length) {
    return {
      error: {
        statusCode: 'STRING_TOO_LONG',
        message: `${field.label}: data value too large: ${text} (max length=${field.length})`,
        fields: [field.name],
      },
    };
  }
  if (field.type === 'email' && !EMAIL.test(text)) {
    return {
      error: {
        statusCode: 'INVALID_EMAIL_ADDRESS',
        message: `${field.label}: invalid email address: ${text}`,
        fields: [field.name],
      },
    };
  }
  if (field.type === 'reference' && !toId18(text)) return wrongType();
  return { value: field.type === 'reference' ? (toId18(text) ?? text) : text };
}
