import type { FieldValue } from './person-table';
import type { FieldDef } from './schema';

/** A value as the REST API shows it: datetimes are text. */
export type ApiValue = string | boolean | null;

/** A date field's REST and CSV form, e.g. `2026-01-01` (stored as midnight UTC). */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Parse a SOQL or API date (`YYYY-MM-DD`) to midnight UTC; null if invalid. */
export function parseDate(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

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
  if (field.type === 'date' && typeof value === 'number') return formatDate(value);
  return typeof value === 'number' ? String(value) : value;
}

/** A Bulk API CSV cell: booleans `true`/`false`, nulls empty. */
export function toCsvCell(field: FieldDef, value: FieldValue): string {
  if (value === null) return '';
  if (field.type === 'date' && typeof value === 'number') return formatDate(value);
  if (field.type === 'datetime' && typeof value === 'number') {
    return new Date(value).toISOString();
  }
  return String(value);
}
