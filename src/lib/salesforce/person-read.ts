import type { Connection } from 'jsforce/core';
import { toId18, type RecordRef } from '../ids';
import {
  kindOfObject,
  PERSON_KIND,
  recordIsKind,
  standsForOf,
  type PersonKind,
} from '../person-kinds';

/** A person record as read from Salesforce: who it is and its opt-out checkboxes. */
export interface PersonSnapshot {
  /** null for a business Account, which is no person. */
  readonly kind: PersonKind | null;
  readonly name: string;
  readonly email: string | null;
  /** The opt-out checkboxes asked for, by API name. */
  readonly values: Readonly<Record<string, boolean>>;
}

/** A record that stands for another kind's record (a person contact): the record it stands for. */
export interface StandIn {
  readonly standsFor: RecordRef;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Reads a person record's name, email and the given opt-out fields in one request. The kind's
 * marker field (`IsPersonAccount`) tells a Person Account from a business Account; the
 * `standIn` fields (`standInFields`: a Contact's `IsPersonAccount` and `AccountId`) tell a person
 * contact, which is answered with its Account.
 */
export async function readPerson(
  conn: Connection,
  ref: RecordRef,
  optOutFields: readonly string[],
  standIn: readonly string[],
): Promise<PersonSnapshot | StandIn> {
  const kind = kindOfObject(ref.object);
  const { emailField, marker } = PERSON_KIND[kind];
  const fields = ['Name', emailField, ...optOutFields, ...(marker ? [marker] : []), ...standIn];
  const record = (await conn.sobject(ref.object).retrieve(ref.id, { fields })) as Record<
    string,
    unknown
  >;
  const other = standsForOf(kind, record);
  const otherId = other && toId18(other.id);
  if (other && otherId) return { standsFor: { id: otherId, object: other.object } };
  return {
    kind: recordIsKind(kind, record) ? kind : null,
    name: text(record.Name) ?? '',
    email: text(record[emailField]),
    values: Object.fromEntries(optOutFields.map((f) => [f, record[f] === true])),
  };
}
