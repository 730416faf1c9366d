/**
 * Which records an unsubscribe covers when it belongs to the person (the `sameEmail` setting):
 * every Contact, Lead and Person Account whose email address is the person's. The facts of each
 * kind (where its email is, which of its records can be written, which stand for another kind)
 * are in `person-kinds.ts`; the SOQL of the lookup is built in `reconcile/queries.ts`.
 */
import {
  PERSON_KIND,
  PERSON_KINDS,
  writableSoqlFilters,
  type PersonKind,
  type PersonObject,
} from './person-kinds';
import type { PersonSnapshot } from './salesforce/person-read';

/**
 * An address as Salesforce compares it: the whole address, trimmed, case-insensitive (its `=` and
 * `IN` on an Email field ignore case); null for a blank one, which matches nothing.
 *
 * `toLowerCase` is Unicode's default case mapping, the same in every browser language (unlike
 * `toLocaleLowerCase`, which lower-cases a Turkish user's "I" differently). For a few non-ASCII
 * letters (dotted İ, ß) it may fold differently from Salesforce; that is why a lookup sends the
 * address as written (`lookupAddresses`) and Salesforce decides which records match it. The key
 * only tells which addresses are the same one.
 */
export function emailKey(email: string | null | undefined): string | null {
  const key = email?.trim().toLowerCase() ?? '';
  return key === '' ? null : key;
}

/** A stored unsubscribe's `emailKey` property for this email: none for a blank one. */
export function emailKeyProperty(email: string | null): { readonly emailKey?: string } {
  const key = emailKey(email);
  return key === null ? {} : { emailKey: key };
}

/**
 * The addresses to look up for these emails: one per key (the first as written, trimmed), in
 * the order first seen, blanks left out.
 */
export function lookupAddresses(emails: Iterable<string | null | undefined>): string[] {
  const byKey = new Map<string, string>();
  for (const email of emails) {
    const key = emailKey(email);
    if (key !== null && !byKey.has(key)) byKey.set(key, (email ?? '').trim());
  }
  return [...byKey.values()];
}

/** Where a person's address is looked up for one kind, and which of its records count. */
export interface SameEmailScope {
  readonly kind: PersonKind;
  /** The field that holds the address: `Email`, or `PersonEmail` on a Person Account. */
  readonly emailField: string;
  /**
   * SOQL conditions besides the address: converted Leads are left out (they cannot be updated),
   * and so are person contacts (a person contact counts as its Person Account, found by
   * `PersonEmail`), only where the org has Person Accounts.
   */
  readonly filters: readonly string[];
}

/** The kinds a person's address covers in an org that has `orgKinds`, in the table's order. */
export function sameEmailScopes(orgKinds: readonly PersonKind[]): SameEmailScope[] {
  return PERSON_KINDS.filter((kind) => orgKinds.includes(kind)).map((kind) => ({
    kind,
    emailField: PERSON_KIND[kind].emailField,
    filters: writableSoqlFilters(kind, orgKinds),
  }));
}

/**
 * A record a click on another one also unsubscribes, as the card's state read found it: what
 * the click needs to save its unsubscribe without a request.
 */
export interface CoveredRecord {
  readonly kind: PersonKind;
  readonly object: PersonObject;
  readonly recordId: string;
  readonly name: string;
  readonly email: string | null;
  /**
   * Where it belongs, as the card names it ("Contact Ada Lovelace (Acme)"): a Contact's account
   * name, a Lead's company (`placeOf`). Absent when blank, for a Person Account, and in
   * snapshots of earlier versions.
   */
  readonly place?: string;
  /** The push fields of its own kind (its object's describe and the org's settings). */
  readonly fields: readonly string[];
  /** Those still false in Salesforce: what the click sets, and exactly what Undo clears. */
  readonly setByClick: readonly string[];
}

/**
 * What the card's state read keeps for the click (session storage): the record as the card
 * showed it, and the records with its address the click would also unsubscribe (absent when
 * `sameEmail` was off, and in snapshots of earlier versions).
 */
export type ClickSnapshot = PersonSnapshot & { readonly covered?: readonly CoveredRecord[] };
