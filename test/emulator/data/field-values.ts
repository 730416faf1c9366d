import type { FieldValue } from './person-table';
import type { FieldDef } from './schema';

/** A value as the REST API shows it: datetimes are text. */
export type ApiValue = string | boolean | null;

/** Salesforce's REST datetime format, e.g. `2026-01-01T00:00:00.000+0000`. */
export function formatDatetime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Parse a SOQL or API datetime (`…Z`, `…+0000`, `…+00:00`, optional fraction); null if invalid. */
export function parseDatetime(text: string): number | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)(Z|[+-]\d{2}:?\d{2})$/.exec(
    text,
  );
  if (!match) return null;
  const [, local, zone] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone?.slice(0, 3)}:${zone?.slice(-2)}`;
  const ms = Date.parse(`${local}${offset}`);
  return Number.isNaN(ms) ? null : ms;
}

export function toApiValue(field: FieldDef, value: FieldValue): ApiValue {
  if (value === null) return null;
  if (field.type === 'datetime' && typeof value === 'number') return formatDatetime(value);
  return typeof value === 'number' ? String(value) : value;
}

/** A Bulk API CSV cell: booleans `true`/`false`, nulls empty. */
export function toCsvCell(field: FieldDef, value: FieldValue): string {
  if (value === null) return '';
  if (field.type === 'datetime' && typeof value === 'number') {
    return new Date(value).toISOString();
  }
  return String(value);
}
