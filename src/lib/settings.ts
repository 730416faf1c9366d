/**
 * An org's settings (SPEC R1a, R3, R7, R8). Stored per org in IndexedDB; an org with no stored
 * settings uses the defaults, which are the source product's: nightly sync off, Email Opt Out.
 */

/** The kinds of person record; a Person Account is an Account with IsPersonAccount = true. */
export type PersonKind = 'Contact' | 'Lead' | 'PersonAccount';
export const PERSON_KINDS: readonly PersonKind[] = ['Contact', 'Lead', 'PersonAccount'];

/** Which opt-out field(s) an unsubscribe sets (R7); the first is the default. */
export type FieldChoice =
  | { readonly kind: 'email-opt-out' }
  | { readonly kind: 'marketo' }
  | { readonly kind: 'both' }
  /** Any other checkbox field of the object, picked from its describe. */
  | { readonly kind: 'other'; readonly field: string };

export interface OrgSettings {
  readonly orgId: string;
  /** R1a / R4: the nightly unsubscribe sync. Off by default, as in the source product. */
  readonly nightlySync: boolean;
  /** The choice for every object, unless `perObject` says otherwise for one. */
  readonly fieldChoice: FieldChoice;
  readonly perObject: Readonly<Partial<Record<PersonKind, FieldChoice>>>;
  /** R8: an admin's override of the Marketo Sales Opt Out field's API name, per object. */
  readonly marketoApiName: Readonly<Partial<Record<PersonKind, string>>>;
}

export function defaultSettings(orgId: string): OrgSettings {
  return {
    orgId,
    nightlySync: false,
    fieldChoice: { kind: 'email-opt-out' },
    perObject: {},
    marketoApiName: {},
  };
}

export function choiceFor(settings: OrgSettings, kind: PersonKind): FieldChoice {
  return settings.perObject[kind] ?? settings.fieldChoice;
}
