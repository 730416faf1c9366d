/**
 * RFC 4180 CSV, as Bulk API 2.0 returns it: quoted fields may hold commas, quotes ("") and line
 * breaks (LF or CRLF). Rows come out as objects keyed by the header's names.
 */

export type CsvRow = Record<string, string>;

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * An incremental parser: text is pushed in chunks as they arrive (a chunk may end anywhere, even
 * between the two quotes of an escaped quote or between CR and LF), and each push returns the
 * rows it completed. Only the row under way is held between pushes, so a large body never needs
 * to be one string.
 */
export class CsvParser {
  #header: string[] | null = null;
  #row: string[] = [];
  #field = '';
  #quoted = false;
  /** The last chunk ended on a quote inside a quoted field: a closing one, or half of `""`. */
  #quoteAtEnd = false;
  /** The last chunk ended on a CR: a LF starting the next one belongs to the same line break. */
  #crAtEnd = false;

  push(chunk: string): CsvRow[] {
    const rows: CsvRow[] = [];
    const n = chunk.length;
    let i = 0;
    if (n === 0) return rows;
    if (this.#crAtEnd) {
      this.#crAtEnd = false;
      if (chunk.charCodeAt(0) === LF) i = 1;
    }
    if (this.#quoteAtEnd && i < n) {
      this.#quoteAtEnd = false;
      if (chunk.charCodeAt(i) === QUOTE) {
        this.#field += '"';
        i += 1;
      } else this.#quoted = false;
    }
    while (i < n) {
      if (this.#quoted) {
        const quote = chunk.indexOf('"', i);
        if (quote === -1) {
          this.#field += chunk.slice(i);
          break;
        }
        this.#field += chunk.slice(i, quote);
        if (quote + 1 === n) {
          this.#quoteAtEnd = true;
          break;
        }
        if (chunk.charCodeAt(quote + 1) === QUOTE) {
          this.#field += '"';
          i = quote + 2;
        } else {
          this.#quoted = false;
          i = quote + 1;
        }
        continue;
      }
      let j = i;
      for (; j < n; j++) {
        const c = chunk.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
      }
      this.#field += chunk.slice(i, j);
      if (j === n) break;
      const c = chunk.charCodeAt(j);
      i = j + 1;
      if (c === QUOTE) this.#quoted = true;
      else if (c === COMMA) {
        this.#row.push(this.#field);
        this.#field = '';
      } else {
        if (c === CR) {
          if (i === n) this.#crAtEnd = true;
          else if (chunk.charCodeAt(i) === LF) i += 1;
        }
        this.#endRow(rows);
      }
    }
    return rows;
  }

  /** The end of the text: the last row, when it has no line break after it. */
  end(): CsvRow[] {
    const rows: CsvRow[] = [];
    this.#quoteAtEnd = false;
    this.#quoted = false;
    this.#crAtEnd = false;
    if (this.#field !== '' || this.#row.length > 0) this.#endRow(rows);
    return rows;
  }

  #endRow(rows: CsvRow[]): void {
    const values = this.#row;
    values.push(this.#field);
    this.#row = [];
    this.#field = '';
    const header = this.#header;
    if (!header) {
      this.#header = values;
      return;
    }
    rows.push(Object.fromEntries(header.map((name, k) => [name, values[k] ?? ''])));
  }
}

/** A whole CSV text at once (a small body, such as a job's failed rows). */
export function parseCsv(text: string): CsvRow[] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}
