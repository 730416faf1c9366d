import type { UnsubscribeRecord } from './db/schema';

/**
 * The unsubscribe list's filters: a search text and a state. Below both the store, which filters
 * while it reads, and the options page, which offers them; so it depends on the stored record's
 * fields alone.
 */

/** The states a user can filter by; "waiting" is the store's `pending`. */
export type StateFilter = 'all' | 'confirmed' | 'waiting' | 'failed';
export const STATE_FILTERS: readonly StateFilter[] = ['all', 'confirmed', 'waiting', 'failed'];

const STATUS_OF_FILTER: Readonly<Record<Exclude<StateFilter, 'all'>, UnsubscribeRecord['status']>> =
  { confirmed: 'confirmed', waiting: 'pending', failed: 'failed' };

/** What the filters look at, in a stored unsubscribe and in a list item alike. */
type Searchable = Pick<UnsubscribeRecord, 'name' | 'email' | 'recordId' | 'status'>;

/** Whether an item's name, email or record Id contains the search text, ignoring case. */
export function matchesSearch(item: Searchable, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [item.name, item.email ?? '', item.recordId].some((text) =>
    text.toLowerCase().includes(needle),
  );
}

export function matchesState(item: Searchable, state: StateFilter): boolean {
  return state === 'all' || item.status === STATUS_OF_FILTER[state];
}
