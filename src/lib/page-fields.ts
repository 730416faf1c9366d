import type { UnsubscribeStatus } from './db/schema';

/** A record's unsubscribe as the card knows it: `none` without one; null until it was read. */
export type KnownStatus = UnsubscribeStatus | 'none' | null;

/**
 * What the record page's own fields need when the card's status moves from `before` to `after`:
 * `refresh` once a write reached Salesforce (the unsubscribe turned confirmed, or an Undo cleared a
 * confirmed one), `agree` when an Undo restored what a page that was never refreshed (`stale`)
 * still shows, `nothing` otherwise. The card's first read (`before` null) changes nothing on the
 * page, and neither does an Undo of a click that never reached Salesforce.
 */
export function pageFieldsAfter(
  before: KnownStatus,
  after: KnownStatus,
  stale: boolean,
): 'refresh' | 'agree' | 'nothing' {
  if (before === null || after === before) return 'nothing';
  if (after === 'confirmed') return 'refresh';
  if (after !== 'undone' || before !== 'confirmed') return 'nothing';
  return stale ? 'agree' : 'refresh';
}
