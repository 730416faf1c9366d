import type { Connection } from 'jsforce/core';
import { toObjectDescribe, type ObjectDescribe } from './describe';
import type { PersonObject } from '../person-kinds';

/** One describe request for a person object. */
export async function describeObject(
  conn: Connection,
  object: PersonObject,
): Promise<ObjectDescribe> {
  return toObjectDescribe(await conn.sobject(object).describe());
}
