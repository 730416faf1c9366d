/**
 * An org's settings (SPEC R1a, R3, R7, R8). Stored per org in IndexedDB; an org with no stored
 * settings uses the defaults, which are the source product's: nightly sync off, Email Opt Out;
 * and an unsubscribe covers every record with the person's email address.
 */
import { PERSON_KINDS, type PersonKind } from './person-kinds';
import { DEFAULT_API_FLOOR_PERCENT, isApiFloorPercent } from './reconcile/api-budget';

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
  /**
   * An opt-out belongs to the person: it covers every Contact, Lead and Person Account with the
   * same email address (`same-email.ts` says which), not only the record clicked. On by default.
   * Off: only the record itself, as before this setting existed.
   */
  readonly sameEmail: boolean;
  /**
   * The API budget (issue 12): the nightly run stops, to go on at the next opportunity, when the
   * org's remaining daily API requests fall under this share of its allowance, in percent (0 to
   * 90; 0 keeps none). Default 10. A click is never held back by it.
   */
  readonly apiFloorPercent: number;
}

/**
 * Settings as IndexedDB may hold them: an org stored by a version before a setting existed has
 * no value for it, and reads as that setting's default (no schema step needed).
 */
export type StoredSettings = Omit<OrgSettings, 'sameEmail' | 'apiFloorPercent'> & {
  readonly sameEmail?: boolean;
  readonly apiFloorPercent?: number;
};

export function defaultSettings(orgId: string): OrgSettings {
  return {
    orgId,
    nightlySync: false,
    fieldChoice: { kind: 'email-opt-out' },
    perObject: {},
    marketoApiName: {},
    sameEmail: true,
    apiFloorPercent: DEFAULT_API_FLOOR_PERCENT,
  };
}

/** The settings a stored record stands for, with the default of each setting it predates. */
export function settingsOfStored(stored: StoredSettings): OrgSettings {
  const defaults = defaultSettings(stored.orgId);
  return {
    ...stored,
    sameEmail: stored.sameEmail ?? defaults.sameEmail,
    apiFloorPercent: stored.apiFloorPercent ?? defaults.apiFloorPercent,
  };
}

export function choiceFor(settings: OrgSettings, kind: PersonKind): FieldChoice {
  return settings.perObject[kind] ?? settings.fieldChoice;
}

/** The settings an administrator can lock through Chrome's managed storage. */
export type LockedSetting =
  'nightlySync' | 'fieldChoice' | 'perObject' | 'marketoApiName' | 'sameEmail' | 'apiFloorPercent';

const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

function parseChoice(value: unknown): FieldChoice | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  switch (v.kind) {
    case 'email-opt-out':
    case 'marketo':
    case 'both':
      return { kind: v.kind };
    case 'other':
      return typeof v.field === 'string' && API_NAME.test(v.field)
        ? { kind: 'other', field: v.field }
        : null;
    default:
      return null;
  }
}

function parsePerKind<T>(
  value: unknown,
  parse: (v: unknown) => T | null,
): Partial<Record<PersonKind, T>> | null {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: Partial<Record<PersonKind, T>> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!PERSON_KINDS.includes(key as PersonKind)) return null;
    const parsed = parse(item);
    if (parsed === null) return null;
    out[key as PersonKind] = parsed;
  }
  return out;
}

const parseApiName = (v: unknown): string | null =>
  typeof v === 'string' && API_NAME.test(v) ? v : null;

/**
 * Settings as the options page sends them, checked field by field; null if anything is off. A
 * sender that predates `apiFloorPercent` (it is absent) gets its default.
 */
export function parseSettings(value: unknown): OrgSettings | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const apiFloorPercent = v.apiFloorPercent ?? DEFAULT_API_FLOOR_PERCENT;
  const fieldChoice = parseChoice(v.fieldChoice);
  const perObject = parsePerKind(v.perObject, parseChoice);
  const marketoApiName = parsePerKind(v.marketoApiName, parseApiName);
  if (
    typeof v.orgId !== 'string' ||
    !/^00D[A-Za-z0-9]{15}$/.test(v.orgId) ||
    typeof v.nightlySync !== 'boolean' ||
    typeof v.sameEmail !== 'boolean' ||
    !fieldChoice ||
    !perObject ||
    !marketoApiName ||
    !isApiFloorPercent(apiFloorPercent)
  ) {
    return null;
  }
  return {
    orgId: v.orgId,
    nightlySync: v.nightlySync,
    fieldChoice,
    perObject,
    marketoApiName,
    sameEmail: v.sameEmail,
    apiFloorPercent,
  };
}
