import type { ObjectDescribe } from '../salesforce/describe';
import { defaultSettings, settingsOfStored, type OrgSettings } from '../settings';
import type { Database } from './open';
import type { OrgRecord } from './schema';
import type { PersonObject } from '../person-kinds';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How old a stored describe each use accepts; a field error drops it sooner, and so the next use
 * asks again (README, "Fields and the field check"). One stored describe serves them all: each
 * request refreshes it for every use.
 * - `card`: the card, the click and the outbox. A field made read-only or removed in Salesforce
 *   shows on the card within a day, or at once after a read or write it made fail.
 * - `nightly`: the nightly run, which asks for none most nights; Salesforce refusing a field
 *   makes it ask again at once (`reconcile/describe-refresh.ts`).
 * The options page's field check uses none: it asks Salesforce every time, and stores what it
 * hears for the others.
 */
export const DESCRIBE_MAX_AGE = { card: DAY_MS, nightly: 7 * DAY_MS } as const;

/** An org's settings; a record stored before a setting existed reads as its default. */
export async function getSettings(db: Database, orgId: string): Promise<OrgSettings> {
  const stored = await db.get('settings', orgId);
  return stored ? settingsOfStored(stored) : defaultSettings(orgId);
}

export async function getFreshDescribe(
  db: Database,
  orgId: string,
  object: PersonObject,
  now: number,
  maxAgeMs: number = DESCRIBE_MAX_AGE.card,
): Promise<ObjectDescribe | null> {
  const cached = await getStoredDescribe(db, orgId, object);
  return cached && now - cached.fetchedAt < maxAgeMs ? cached.describe : null;
}

/** The stored describe of an object, whatever its age, with when it was fetched. */
export async function getStoredDescribe(
  db: Database,
  orgId: string,
  object: PersonObject,
): Promise<{ readonly describe: ObjectDescribe; readonly fetchedAt: number } | null> {
  return (await db.get('describes', [orgId, object])) ?? null;
}

/** The stored describe when it is young enough, else `ask`'s answer, stored. */
export async function describeCached(
  db: Database,
  orgId: string,
  object: PersonObject,
  { now, maxAgeMs }: { readonly now: number; readonly maxAgeMs: number },
  ask: () => Promise<ObjectDescribe>,
): Promise<ObjectDescribe> {
  const cached = await getFreshDescribe(db, orgId, object, now, maxAgeMs);
  if (cached) return cached;
  const describe = await ask();
  await putDescribe(db, orgId, object, describe, now);
  return describe;
}

export async function putDescribe(
  db: Database,
  orgId: string,
  object: PersonObject,
  describe: ObjectDescribe,
  now: number,
): Promise<void> {
  await db.put('describes', { orgId, object, describe, fetchedAt: now });
}

export function dropDescribe(db: Database, orgId: string, object: PersonObject): Promise<void> {
  return db.delete('describes', [orgId, object]);
}

/**
 * The Salesforce user the org's requests act as: through its OAuth connection, the connection's
 * user; through a `sid`, the rep as userinfo last named them (`userNameFor`); null when not known.
 */
export async function actingUserId(
  db: Database,
  orgId: string,
  via: 'sid' | 'connection' | undefined,
): Promise<string | null> {
  if (via === 'connection') return (await db.get('connections', orgId))?.userId ?? null;
  return (await getOrg(db, orgId))?.userId ?? null;
}

export function getOrg(db: Database, orgId: string): Promise<OrgRecord | undefined> {
  return db.get('orgs', orgId);
}

export async function putOrg(db: Database, org: OrgRecord): Promise<void> {
  await db.put('orgs', org);
}
