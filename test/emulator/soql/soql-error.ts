/** A SOQL problem with the error code and message Salesforce would answer it with (HTTP 400). */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** Salesforce points at the offending text: the query, a caret line, then `ERROR at Row:…`. */
export function pointedMessage(soql: string, needle: string, text: string): string {
  const lower = soql.toLowerCase();
  const at = Math.max(0, lower.indexOf(needle.toLowerCase()));
  const before = soql.slice(0, at).split('\n');
  const row = before.length;
  const column = (before[before.length - 1] ?? '').length + 1;
  const line = soql.split('\n')[row - 1] ?? soql;
  return `${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${text}`;
}

export function noSuchColumn(soql: string, name: string, object: string): SoqlError {
  return new SoqlError(
    'INVALID_FIELD',
    pointedMessage(
      soql,
      name,
      `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    ),
  );
}

export function unsupported(what: string): SoqlError {
  return new SoqlError('MALFORMED_QUERY', `The Salesforce emulator does not support ${what}.`);
}
