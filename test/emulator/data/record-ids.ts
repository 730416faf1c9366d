import { idChecksum, toId18 } from '../../../src/lib/ids';

/**
 * Salesforce-looking Ids that encode a row number, so a table needs no Id column and an Id
 * lookup is arithmetic: key prefix (3) + pod (2) + base-62 counter (10). The base-62 digits are in
 * ASCII order, so Id order is row order, as Salesforce's Id order follows creation.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const COUNTER_WIDTH = 10;

export function formatId(prefix: string, pod: string, counter: number): string {
  let digits = '';
  let rest = counter;
  for (let i = 0; i < COUNTER_WIDTH; i++) {
    digits = BASE62.charAt(rest % 62) + digits;
    rest = Math.floor(rest / 62);
  }
  const id15 = prefix + pod + digits;
  return id15 + idChecksum(id15);
}

export interface IdCodec {
  readonly prefix: string;
  /** The 18-character Id of a row. */
  idOf(row: number): string;
  /**
   * The row of a 15- or 18-character Id of this codec, or null (other prefix, bad checksum…). A
   * table grows, so whether the row exists is the table's question (`PersonTable.rowOf`).
   */
  rowOf(id: string): number | null;
}

export function createIdCodec(prefix: string, pod: string, start: number): IdCodec {
  return {
    prefix,
    idOf: (row) => formatId(prefix, pod, start + row),
    rowOf(id) {
      const id18 = toId18(id);
      if (!id18 || !id18.startsWith(prefix + pod)) return null;
      let counter = 0;
      for (let i = 5; i < 15; i++) {
        const digit = BASE62.indexOf(id18.charAt(i));
        if (digit < 0) return null;
        counter = counter * 62 + digit;
      }
      const row = counter - start;
      return row >= 0 ? row : null;
    },
  };
}

/** A two-character "pod" and a counter start drawn from the seed, so each seed has its own Ids. */
export function podChars(pick: (n: number) => number): string {
  return BASE62.charAt(1 + pick(9)) + BASE62.charAt(10 + pick(52));
}
