/**
 * The kinds of person record the product works on, and every fact about where each lives in
 * Salesforce. This is the one home of those facts: adding a kind is one entry here.
 */

/** The Salesforce objects that hold person records. */
export type PersonObject = 'Contact' | 'Lead' | 'Account';

/** The kinds of person record; a Person Account is an Account with IsPersonAccount = true. */
export type PersonKind = 'Contact' | 'Lead' | 'PersonAccount';

export interface PersonKindFacts {
  readonly object: PersonObject;
  /** The first three characters of every Id of the object. */
  readonly keyPrefix: string;
  /** Where the person's email address is. */
  readonly emailField: string;
  /** The standard Email Opt Out checkbox (R3). */
  readonly emailOptOutField: string;
  /**
   * The checkbox that marks this kind's records among the object's others; null when every
   * record of the object is of this kind. Its absence from a describe means the org does not
   * have this kind at all (Person Accounts are a feature an org turns on).
   */
  readonly marker: string | null;
  /**
   * The SOQL condition that keeps only the records an opt-out can be written to; null: all of
   * them. Salesforce rejects any update of a converted Lead (CANNOT_UPDATE_CONVERTED_LEAD).
   */
  readonly updatableFilter: string | null;
  /**
   * Where a record that can no longer be updated because it was converted names what it became,
   * and that record's object; null for a kind that is never converted. A converted Lead's
   * unsubscribe moves to its Contact.
   */
  readonly convertedTo: { readonly field: string; readonly object: PersonObject } | null;
  /**
   * Records of this object that stand for another kind's record: the checkbox that marks them
   * and the field that names that record; null when there are none. Every Person Account has a
   * person contact (a Contact with IsPersonAccount = true, AccountId = the Account) that Contact
   * queries return and a Contact page may show: it counts as its Person Account, so queries leave
   * it out and a page of it is read and written as that Account (Salesforce refuses its direct
   * updates). The marker exists only where the org has that kind.
   */
  readonly standsFor: {
    readonly kind: PersonKind;
    readonly marker: string;
    readonly idField: string;
  } | null;
  /** Which of the object's fields belong to the person; null: all of them. */
  readonly personFields: RegExp | null;
  /**
   * Where a record of this kind belongs, as the card names it beside the person ("Contact Ada
   * Lovelace (Acme)"): the SOQL field path that gives it, and, for a parent's field, the lookup it
   * goes through and the parent's object (a Contact's Account name: `Account.Name`, the parent
   * relationship of `AccountId`). Null for a kind that belongs nowhere else: a Person Account is
   * the account.
   */
  readonly place: {
    readonly path: string;
    readonly via: { readonly field: string; readonly object: PersonObject } | null;
  } | null;
  /** The message key of the kind's name in the user's language. */
  readonly labelKey: 'objectContact' | 'objectLead' | 'objectPersonAccount';
}

export const PERSON_KIND: Readonly<Record<PersonKind, PersonKindFacts>> = {
  Contact: {
    object: 'Contact',
    keyPrefix: '003',
    emailField: 'Email',
    emailOptOutField: 'HasOptedOutOfEmail',
    marker: null,
    updatableFilter: null,
    convertedTo: null,
    standsFor: { kind: 'PersonAccount', marker: 'IsPersonAccount', idField: 'AccountId' },
    personFields: null,
    place: { path: 'Account.Name', via: { field: 'AccountId', object: 'Account' } },
    labelKey: 'objectContact',
  },
  Lead: {
    object: 'Lead',
    keyPrefix: '00Q',
    emailField: 'Email',
    emailOptOutField: 'HasOptedOutOfEmail',
    marker: null,
    updatableFilter: 'IsConverted = false',
    convertedTo: { field: 'ConvertedContactId', object: 'Contact' },
    standsFor: null,
    personFields: null,
    place: { path: 'Company', via: null },
    labelKey: 'objectLead',
  },
  PersonAccount: {
    object: 'Account',
    keyPrefix: '001',
    emailField: 'PersonEmail',
    emailOptOutField: 'PersonHasOptedOutOfEmail',
    marker: 'IsPersonAccount',
    updatableFilter: null,
    convertedTo: null,
    standsFor: null,
    // A Person Account's person fields are the Person… standard fields and `__pc` custom ones;
    // the rest are the business side of the Account.
    personFields: /^Person|__pc$/,
    place: null,
    labelKey: 'objectPersonAccount',
  },
};

export const PERSON_KINDS = Object.keys(PERSON_KIND) as readonly PersonKind[];

/** Each object holds one kind of person: what a stored unsubscribe's object stands for. */
const KIND_OF_OBJECT = new Map(PERSON_KINDS.map((kind) => [PERSON_KIND[kind].object, kind]));

export function kindOfObject(object: PersonObject): PersonKind {
  const kind = KIND_OF_OBJECT.get(object);
  if (!kind) throw new Error(`no person kind on ${object}`);
  return kind;
}

/** The object an Id belongs to, from its key prefix; null for any object but a person's. */
export function objectOfKeyPrefix(prefix: string): PersonObject | null {
  const kind = PERSON_KINDS.find((k) => PERSON_KIND[k].keyPrefix === prefix);
  return kind ? PERSON_KIND[kind].object : null;
}

/** Whether an org has this kind, from the names of its object's fields (its describe). */
export function orgHasKind(kind: PersonKind, fieldNames: readonly string[]): boolean {
  const { marker } = PERSON_KIND[kind];
  return marker === null || fieldNames.includes(marker);
}

/** Whether a record read with `marker` among its fields is of this kind. */
export function recordIsKind(kind: PersonKind, record: Readonly<Record<string, unknown>>): boolean {
  const { marker } = PERSON_KIND[kind];
  return marker === null || record[marker] === true;
}

/** The SOQL condition that keeps only this kind's records of its object; null: every record. */
export function kindSoqlFilter(kind: PersonKind): string | null {
  const { marker } = PERSON_KIND[kind];
  return marker === null ? null : `${marker} = true`;
}

/**
 * The SOQL conditions that keep a kind's own records an opt-out can be written to, in an org
 * that has `orgKinds` (each found with `orgHasKind`): the kind's marker, updatable records only,
 * and not the records that stand for another kind the org has.
 */
export function writableSoqlFilters(kind: PersonKind, orgKinds: readonly PersonKind[]): string[] {
  const { updatableFilter, standsFor } = PERSON_KIND[kind];
  return [
    kindSoqlFilter(kind),
    updatableFilter,
    standsFor && orgKinds.includes(standsFor.kind) ? `${standsFor.marker} = false` : null,
  ].filter((filter) => filter !== null);
}

/**
 * The fields that tell whether a record of this kind stands for another kind's record, where
 * the object's describe (`fieldNames`) lists its marker; none in an org without that kind.
 */
export function standInFields(kind: PersonKind, fieldNames: readonly string[]): string[] {
  const { standsFor } = PERSON_KIND[kind];
  return standsFor && fieldNames.includes(standsFor.marker)
    ? [standsFor.marker, standsFor.idField]
    : [];
}

/**
 * The record that a record of this kind, read with its `standInFields`, stands for; null when
 * it stands for itself.
 */
export function standsForOf(
  kind: PersonKind,
  record: Readonly<Record<string, unknown>>,
): { readonly id: string; readonly object: PersonObject } | null {
  const { standsFor } = PERSON_KIND[kind];
  if (!standsFor || record[standsFor.marker] !== true) return null;
  const id = record[standsFor.idField];
  return typeof id === 'string' ? { id, object: PERSON_KIND[standsFor.kind].object } : null;
}

/** Whether a field of the kind's object belongs to the person (for "another checkbox"). */
export function isPersonField(kind: PersonKind, name: string): boolean {
  return PERSON_KIND[kind].personFields?.test(name) ?? true;
}

/**
 * The field path that gives where a record of this kind belongs, if the org lets it be asked:
 * the object's describe (`fieldNames`) lists the field (or the lookup to the parent), and the
 * parent's object can be read (`canRead`: its describe was answered). Null: nothing to ask.
 */
export function placeSelect(
  kind: PersonKind,
  fieldNames: readonly string[],
  canRead: (object: PersonObject) => boolean,
): string | null {
  const { place } = PERSON_KIND[kind];
  if (!place) return null;
  if (!place.via) return fieldNames.includes(place.path) ? place.path : null;
  return fieldNames.includes(place.via.field) && canRead(place.via.object) ? place.path : null;
}

/**
 * Where a record of this kind, read with its `placeSelect`, belongs: the value at the path
 * (`Account.Name` is the row's `Account` object's `Name`; an empty lookup is `null`), trimmed;
 * null when it is blank or was not read.
 */
export function placeOf(
  kind: PersonKind,
  record: Readonly<Record<string, unknown>>,
): string | null {
  const { place } = PERSON_KIND[kind];
  if (!place) return null;
  let value: unknown = record;
  for (const part of place.path.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? null : text;
}
