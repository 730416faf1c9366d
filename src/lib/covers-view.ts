/**
 * What the card's covers line says after each same-email record's name (`CoversLine` in
 * `src/content/covers-line.tsx` links the name itself): where the record belongs before the click,
 * and after it its state as well. Kept apart from the card so that it runs in Node tests.
 */

/** A message in the user's language (`t` of `src/ui/i18n.ts`). */
export type Translate = (key: string, substitutions?: string | string[]) => string;

/**
 * " (Acme)" before the click, " (Acme, unsubscribed)" after it; for a record that belongs
 * nowhere else, or whose place is blank or unknown, nothing before the click and
 * " (unsubscribed)" after it. `state` is the record's state in words, null before the click.
 */
export function coverSuffix(place: string | null, state: string | null, t: Translate): string {
  const where = place?.trim() ?? '';
  if (where === '') return state === null ? '' : ` (${state})`;
  return ` ${state === null ? t('coverPlace', where) : t('coverPlaceState', [where, state])}`;
}
