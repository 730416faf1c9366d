import { type FieldChoice, type LockedSetting, type OrgSettings } from './settings';
import { PERSON_KINDS, type PersonKind } from './person-kinds';
import { isApiFloorPercent } from './reconcile/api-budget';

/**
 * What an administrator pushes through Chrome's managed storage (`storage.managed`, described by
 * `managed_schema.json`) to set up a whole sales team: it overrides the options page's settings
 * for every org, and those settings are shown locked.
 */
export interface ManagedPolicy {
  readonly nightlySync?: boolean;
  readonly fieldChoice?: FieldChoice;
  readonly perObject?: Partial<Record<PersonKind, FieldChoice>>;
  readonly marketoApiName?: Partial<Record<PersonKind, string>>;
  readonly sameEmail?: boolean;
  readonly loginUrl?: string;
  readonly clientId?: string;
  /** Above this many records a nightly run uses Bulk API 2.0 (at least 200: one request's worth). */
  readonly bulkThreshold?: number;
  /**
   * The API budget: the share of the org's daily API allowance, in whole percent (0 to 90), that
   * a nightly run leaves for other work. Locks the setting.
   */
  readonly apiFloorPercent?: number;
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

/** A choice as the policy writes it: "email-opt-out", "marketo", "both" or "other:<Field__c>". */
function choiceOf(value: unknown): FieldChoice | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === 'email-opt-out' || value === 'marketo' || value === 'both') return { kind: value };
  const other = /^other:(.+)$/.exec(value)?.[1];
  return other && API_NAME.test(other) ? { kind: 'other', field: other } : undefined;
}

function perKind<T>(
  value: unknown,
  parse: (v: unknown) => T | undefined,
): Partial<Record<PersonKind, T>> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Partial<Record<PersonKind, T>> = {};
  for (const kind of PERSON_KINDS) {
    const parsed = parse((value as Record<string, unknown>)[kind]);
    if (parsed !== undefined) out[kind] = parsed;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The policy in Chrome's managed storage, keeping only values of the right shape. */
export function parseManagedPolicy(raw: Record<string, unknown>): ManagedPolicy {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const policy = {
    nightlySync: typeof raw.nightlySync === 'boolean' ? raw.nightlySync : undefined,
    fieldChoice: choiceOf(raw.fieldChoice),
    perObject: perKind(raw.perObject, choiceOf),
    marketoApiName: perKind(raw.marketoApiName, (v) =>
      typeof v === 'string' && API_NAME.test(v) ? v : undefined,
    ),
    sameEmail: typeof raw.sameEmail === 'boolean' ? raw.sameEmail : undefined,
    loginUrl: text(raw.loginUrl),
    clientId: text(raw.clientId),
    bulkThreshold:
      typeof raw.bulkThreshold === 'number' &&
      Number.isInteger(raw.bulkThreshold) &&
      raw.bulkThreshold >= 200
        ? raw.bulkThreshold
        : undefined,
    apiFloorPercent: isApiFloorPercent(raw.apiFloorPercent) ? raw.apiFloorPercent : undefined,
  };
  return Object.fromEntries(
    Object.entries(policy).filter(([, v]) => v !== undefined),
  ) as ManagedPolicy;
}

/** An org's settings with the policy applied, and which of them the policy locks. */
export function applyPolicy(
  settings: OrgSettings,
  policy: ManagedPolicy,
): { settings: OrgSettings; locked: LockedSetting[] } {
  const locked: LockedSetting[] = [];
  let result = settings;
  if (policy.nightlySync !== undefined) {
    result = { ...result, nightlySync: policy.nightlySync };
    locked.push('nightlySync');
  }
  if (policy.fieldChoice) {
    result = { ...result, fieldChoice: policy.fieldChoice };
    locked.push('fieldChoice');
  }
  if (policy.perObject) {
    result = { ...result, perObject: policy.perObject };
    locked.push('perObject');
  }
  if (policy.marketoApiName) {
    result = { ...result, marketoApiName: policy.marketoApiName };
    locked.push('marketoApiName');
  }
  if (policy.sameEmail !== undefined) {
    result = { ...result, sameEmail: policy.sameEmail };
    locked.push('sameEmail');
  }
  if (policy.apiFloorPercent !== undefined) {
    result = { ...result, apiFloorPercent: policy.apiFloorPercent };
    locked.push('apiFloorPercent');
  }
  return { settings: result, locked };
}
