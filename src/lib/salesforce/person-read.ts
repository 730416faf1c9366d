import type { Connection } from 'jsforce/core';
import type { RecordRef } from '../ids';
import { kindOfObject, PERSON_KIND, recordIsKind, type PersonKind } from '../person-kinds';

/** A person record as read from Salesforce: who it is and its opt-out checkboxes. */
export interface PersonSnapshot {
  /** null for a business Account, which is no person. */
  readonly kind: PersonKind | null;
  readonly name: string;
  readonly email: string | null;
  /** The opt-out checkboxes asked for, by API name. */
  readonly values: Readonly<Record<string, boolean>>;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Reads a person record's name, email and the given opt-out fields in one request. The kind's
 * marker field (`IsPersonAccount`) tells a Person Account from a business Account.
 */
export async function readPerson(
  conn: Connection,
  ref: RecordRef,
  optOutFields: readonly string[],
): Promise<PersonSnapshot> {
  const kind = kindOfObject(ref.object);
  const { emailField, marker } = PERSON_KIND[kind];
  const fields = ['Name', emailField, ...optOutFields, ...(marker ? [marker] : [])];
  const record = (await conn.sobject(ref.object).retrieve(ref.id, { fields })) as Record<
    string,
    unknown
  >;
  return {
    kind: recordIsKind(kind, record) ? kind : null,
    name: text(record.Name) ?? '',
    email: text(record[emailField]),
    values: Object.fromEntries(optOutFields.map((f) => [f, record[f] === true])),
  };
}
