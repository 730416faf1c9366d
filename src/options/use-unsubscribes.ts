import { useCallback, useEffect, useState } from 'preact/hooks';
import type { UnsubscribeListItem } from '../lib/options-messages';
import type { StateFilter } from '../lib/unsubscribe-filter';
import { troubleText, type Loaded } from './loaded';
import { readUnsubscribes } from './read-unsubscribes';

/** How often the list asks the extension again while an unsubscribe waits for Salesforce. */
const WAITING_POLL_MS = 3000;
/** Typing in the search box asks again once the typing pauses. */
const SEARCH_PAUSE_MS = 250;
/** The newest this many matches are shown; the export asks for all of them. */
export const LIST_LIMIT = 200;

export interface UnsubscribesValue {
  readonly items: readonly UnsubscribeListItem[];
  /** How many the org has in all. */
  readonly total: number;
}

export interface UnsubscribesState {
  readonly list: Loaded<UnsubscribesValue>;
  readonly reload: () => void;
}

/**
 * An org's unsubscribes matching the search and state, newest first, as the extension holds
 * them (`read-unsubscribes.ts`): read through the store's indexes and counters, so an org with
 * a million imported unsubscribes lists as fast as one with ten. Asked again when the page comes
 * back into view or focus (after clicks on record pages in other tabs or windows), after each
 * action (through `reload`), and every few seconds while one is waiting for Salesforce.
 */
export function useUnsubscribes(
  orgId: string,
  search: string,
  state: StateFilter,
): UnsubscribesState {
  const [list, setList] = useState<Loaded<UnsubscribesValue>>({ state: 'loading' });
  const [asked, setAsked] = useState(0);
  const reload = useCallback(() => setAsked((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      () => {
        readUnsubscribes({ type: 'unsubscribes', orgId, search, state, limit: LIST_LIMIT }).then(
          (answer) => {
            if (!live) return;
            setList(
              answer.ok
                ? { state: 'ok', value: { items: answer.items, total: answer.total } }
                : { state: 'error', text: troubleText(answer) },
            );
          },
          (error: unknown) => live && setList({ state: 'error', text: troubleText(error) }),
        );
      },
      asked === 0 ? 0 : SEARCH_PAUSE_MS,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [orgId, search, state, asked]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', reload);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', reload);
    };
  }, [reload]);

  const waiting = list.state === 'ok' && list.value.items.some((item) => item.status === 'pending');
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, WAITING_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, reload]);

  return { list, reload };
}
