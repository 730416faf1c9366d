import type { Connection } from 'jsforce/core';
import type { PersonObject } from '../ids';
import { toObjectDescribe, type ObjectDescribe } from './describe';

/** One describe request for a person object. */
export async function describeObject(
  conn: Connection,
  object: PersonObject,
): Promise<ObjectDescribe> {
  return toObjectDescribe(await conn.sobject(object).describe());
}
