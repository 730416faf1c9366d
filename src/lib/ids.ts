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
 * The first fifteen characters of an 18-character Id in their true case, read from its checksum:
 * the 18-character form is case-insensitive by design, so an Id lower-cased by a spreadsheet
 * still names its record. Null when the checksum cannot belong to these characters (a bit set
 * for a digit, or a character outside the checksum alphabet).
 */
function restoreCase(id18: string): string | null {
  let id15 = '';
  for (let group = 0; group < 3; group++) {
    const bits = CHECKSUM_ALPHABET.indexOf(id18.charAt(15 + group).toUpperCase());
    if (bits < 0) return null;
    for (let j = 0; j < 5; j++) {
      const c = id18.charAt(group * 5 + j);
      const upper = (bits & (1 << j)) !== 0;
      if (upper && !/[a-zA-Z]/.test(c)) return null;
      id15 += upper ? c.toUpperCase() : c.toLowerCase();
    }
  }
  return id15;
}

/**
 * The 18-character form of a 15- or 18-character Id, or null when the text is not an Id
 * (wrong length or characters, or an 18-character Id whose checksum cannot be its own).
 */
export function toId18(text: string): string | null {
  if (ID15.test(text)) return text + idChecksum(text);
  if (!ID18.test(text)) return null;
  const id15 = restoreCase(text);
  return id15 === null ? null : id15 + idChecksum(id15);
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
