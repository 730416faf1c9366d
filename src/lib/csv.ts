/**
 * CSV as RFC 4180 has it: fields separated by commas, records by CRLF; a field holding a comma,
 * a double quote, CR or LF is wrapped in double quotes, and its double quotes are doubled.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows (the header first) as one CSV text, every record ending in CRLF. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
