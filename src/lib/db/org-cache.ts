import type { ObjectDescribe } from '../salesforce/describe';
import { defaultSettings, settingsOfStored, type OrgSettings } from '../settings';
import type { Database } from './open';
import type { OrgRecord } from './schema';
import type { PersonObject } from '../person-kinds';

/** Describes are kept this long; a field error refreshes one sooner. */
export const DESCRIBE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

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
): Promise<ObjectDescribe | null> {
  const cached = await db.get('describes', [orgId, object]);
  return cached && now - cached.fetchedAt < DESCRIBE_MAX_AGE_MS ? cached.describe : null;
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

export function getOrg(db: Database, orgId: string): Promise<OrgRecord | undefined> {
  return db.get('orgs', orgId);
}

export async function putOrg(db: Database, org: OrgRecord): Promise<void> {
  await db.put('orgs', org);
}
