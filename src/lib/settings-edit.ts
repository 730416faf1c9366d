import { parseSettings, type FieldChoice, type LockedSetting, type OrgSettings } from './settings';
import type { PersonKind } from './person-kinds';

/**
 * The options page's edits of an org's settings, as plain functions from the stored settings to
 * the next ones; each result is what `settings-save` sends.
 */

/** A per-object map with one object's entry set, or left out when `value` is null. */
function withEntry<T>(
  map: Readonly<Partial<Record<PersonKind, T>>>,
  kind: PersonKind,
  value: T | null,
): Partial<Record<PersonKind, T>> {
  const others = Object.entries(map).filter(([key]) => key !== kind);
  return Object.fromEntries(value === null ? others : [...others, [kind, value]]);
}

/** Where a field choice applies: every object, or one object as an exception. */
export type ChoiceScope = 'all' | PersonKind;

/**
 * The settings with a field choice for a scope. For one object, `null` drops the exception, so
 * the object follows the choice for every object again.
 */
export function withChoice(
  settings: OrgSettings,
  scope: ChoiceScope,
  choice: FieldChoice | null,
): OrgSettings {
  if (scope === 'all') return choice ? { ...settings, fieldChoice: choice } : settings;
  return { ...settings, perObject: withEntry(settings.perObject, scope, choice) };
}

/** The settings with a Marketo API-name override for an object; empty text removes it. */
export function withMarketoApiName(
  settings: OrgSettings,
  kind: PersonKind,
  apiName: string,
): OrgSettings {
  const name = apiName.trim();
  return { ...settings, marketoApiName: withEntry(settings.marketoApiName, kind, name || null) };
}

/** Whether the settings would be accepted by the background (an API name is a valid one, …). */
export function isValidSettings(settings: OrgSettings): boolean {
  return parseSettings(settings) !== null;
}

/** What a save stores: the wanted settings, except those the administrator's policy locks. */
export function withLockedKept(
  stored: OrgSettings,
  wanted: OrgSettings,
  locked: readonly LockedSetting[],
): OrgSettings {
  return {
    orgId: wanted.orgId,
    nightlySync: locked.includes('nightlySync') ? stored.nightlySync : wanted.nightlySync,
    fieldChoice: locked.includes('fieldChoice') ? stored.fieldChoice : wanted.fieldChoice,
    perObject: locked.includes('perObject') ? stored.perObject : wanted.perObject,
    marketoApiName: locked.includes('marketoApiName')
      ? stored.marketoApiName
      : wanted.marketoApiName,
    sameEmail: locked.includes('sameEmail') ? stored.sameEmail : wanted.sameEmail,
    apiFloorPercent: locked.includes('apiFloorPercent')
      ? stored.apiFloorPercent
      : wanted.apiFloorPercent,
  };
}
