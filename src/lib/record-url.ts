import { parsePersonId, type RecordRef } from './ids';
import type { PersonObject } from './person-kinds';

/** The Lightning page of a record, from its org's My Domain instance URL. */
export function lightningRecordUrl(
  instanceUrl: string,
  object: PersonObject,
  recordId: string,
): string {
  const lightning = instanceUrl.replace(/\.my\.salesforce\.com$/, '.lightning.force.com');
  return `${lightning}/lightning/r/${object}/${recordId}/view`;
}

/**
 * The person record a Salesforce page shows, from its URL alone:
 * Lightning `/lightning/r/<Object>/<Id>/view` (and `/lightning/r/<Id>/view`), Classic `/<Id>`.
 * Returns null for every other page, including records of other objects.
 */
export function recordFromUrl(url: string): RecordRef | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const lightning = /^\/lightning\/r\/(?:([A-Za-z0-9_]+)\/)?([A-Za-z0-9]{15,18})\/view\/?$/.exec(
    path,
  );
  if (lightning) {
    const record = parsePersonId(lightning[2] ?? '');
    // The object in the URL must agree with the Id's key prefix (Account covers Person Accounts).
    if (!record || (lightning[1] !== undefined && lightning[1] !== record.object)) return null;
    return record;
  }
  const classic = /^\/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})\/?$/.exec(path);
  return classic ? parsePersonId(classic[1] ?? '') : null;
}
