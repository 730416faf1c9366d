import type { Connection } from 'jsforce/core';
import type { MovedTo } from '../db/schema';
import { PERSON_KIND } from '../person-kinds';
import { personContactsSoql } from '../reconcile/queries';

/**
 * Which of these Contact Ids are person contacts, each with the Person Account it stands for:
 * one query (the caller passes at most one batch, 200). A Contact absent from the answer is a
 * Contact of its own (or is gone, which its write will tell).
 */
export async function findPersonContacts(
  conn: Connection,
  contactIds: readonly string[],
): Promise<Map<string, MovedTo>> {
  const found = new Map<string, MovedTo>();
  const { standsFor } = PERSON_KIND.Contact;
  if (!standsFor || contactIds.length === 0) return found;
  const result = await conn.query<Record<string, unknown>>(personContactsSoql(contactIds));
  const object = PERSON_KIND[standsFor.kind].object;
  for (const row of result.records) {
    const account = row[standsFor.idField];
    if (typeof row.Id === 'string' && typeof account === 'string')
      found.set(row.Id, { recordId: account, object, reason: 'person-account' });
  }
  return found;
}
