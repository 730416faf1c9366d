import type { Connection } from 'jsforce/core';
import type { RecordRef } from '../ids';
import type { PersonKind } from '../settings';

/** Where each object keeps a person's name and email. */
const EMAIL_FIELD = { Contact: 'Email', Lead: 'Email', Account: 'PersonEmail' } as const;

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
 * Reads a person record's name, email and the given opt-out fields in one request. For an
 * Account, `IsPersonAccount` tells a Person Account from a business one.
 */
export async function readPerson(
  conn: Connection,
  ref: RecordRef,
  optOutFields: readonly string[],
): Promise<PersonSnapshot> {
  const fields = ['Name', EMAIL_FIELD[ref.object], ...optOutFields];
  if (ref.object === 'Account') fields.push('IsPersonAccount');
  const record = (await conn.sobject(ref.object).retrieve(ref.id, { fields })) as Record<
    string,
    unknown
  >;
  const kind: PersonKind | null =
    ref.object === 'Account'
      ? record.IsPersonAccount === true
        ? 'PersonAccount'
        : null
      : ref.object;
  return {
    kind,
    name: text(record.Name) ?? '',
    email: text(record[EMAIL_FIELD[ref.object]]),
    values: Object.fromEntries(optOutFields.map((f) => [f, record[f] === true])),
  };
}
