import type { Connection } from 'jsforce/core';
import type { RecordRef } from '../ids';
import type { OptOutField, RecordState } from '../messages';

/** The standard email opt-out field and where each object keeps its name and email. */
const PERSON_FIELDS = {
  Contact: { name: 'Name', email: 'Email', optOut: 'HasOptedOutOfEmail' },
  Lead: { name: 'Name', email: 'Email', optOut: 'HasOptedOutOfEmail' },
  Account: { name: 'Name', email: 'PersonEmail', optOut: 'PersonHasOptedOutOfEmail' },
} as const;

/** Salesforce's label of the standard opt-out field, shown beside its value. */
export const EMAIL_OPT_OUT_LABEL = 'Email Opt Out';

type RecordFields = Record<string, unknown>;

/**
 * Reads a person record's name, email and opt-out state in one request. A business Account comes
 * back with `isPerson: false`.
 */
export async function readRecordState(conn: Connection, ref: RecordRef): Promise<RecordState> {
  const fields = PERSON_FIELDS[ref.object];
  const wanted: string[] = [fields.name, fields.email, fields.optOut];
  if (ref.object === 'Account') wanted.push('IsPersonAccount');
  const record = (await conn
    .sobject(ref.object)
    .retrieve(ref.id, { fields: wanted })) as RecordFields;
  const isPerson = ref.object !== 'Account' || record.IsPersonAccount === true;
  const optOut: OptOutField = {
    name: fields.optOut,
    label: EMAIL_OPT_OUT_LABEL,
    value: record[fields.optOut] === true,
  };
  return {
    id: ref.id,
    object: ref.object,
    isPerson,
    name: typeof record[fields.name] === 'string' ? (record[fields.name] as string) : '',
    email: typeof record[fields.email] === 'string' ? (record[fields.email] as string) : null,
    optOuts: [optOut],
  };
}
