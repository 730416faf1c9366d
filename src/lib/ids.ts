/**
 * Salesforce record Ids: the 15-character case-sensitive form and the 18-character form whose
 * last three characters are a checksum of the case of the first fifteen.
 */
import { objectOfKeyPrefix, type PersonObject } from './person-kinds';

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{18}$/;

/** The three checksum characters of a 15-character Id. */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let group = 0; group < 3; group++) {
    let bits = 0;
    for (let j = 0; j < 5; j++) {
      const c = id15.charCodeAt(group * 5 + j);
      if (c >= 65 && c <= 90) bits |= 1 << j;
    }
    suffix += CHECKSUM_ALPHABET[bits];
  }
  return suffix;
}

/**
 * The 18-character form of a 15- or 18-character Id, or null when the text is not an Id
 * (wrong length or characters, or an 18-character Id whose checksum does not match).
 */
export function toId18(text: string): string | null {
  if (ID15.test(text)) return text + idChecksum(text);
  if (ID18.test(text)) {
    const id15 = text.slice(0, 15);
    // The checksum is case-insensitive: Salesforce accepts it in either case.
    return idChecksum(id15) === text.slice(15).toUpperCase() ? id15 + idChecksum(id15) : null;
  }
  return null;
}

/** The object a person-record Id belongs to; null for any other object, which is refused. */
export function objectOfId(id: string): PersonObject | null {
  return objectOfKeyPrefix(id.slice(0, 3));
}

export interface RecordRef {
  readonly id: string;
  readonly object: PersonObject;
}

/** A valid 15/18-character Id of a Contact, Lead or Account, normalized to 18 characters. */
export function parsePersonId(text: string): RecordRef | null {
  const id = toId18(text);
  if (!id) return null;
  const object = objectOfId(id);
  return object ? { id, object } : null;
}
