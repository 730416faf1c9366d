import { useCallback, useEffect, useState } from 'preact/hooks';
import type { UnsubscribeListItem } from '../lib/options-messages';
import { askOptions } from '../ui/ask-options';
import { troubleText, type Loaded } from './loaded';

/** How often the list asks the extension again while an unsubscribe waits for Salesforce. */
const WAITING_POLL_MS = 3000;

export interface UnsubscribesState {
  readonly items: Loaded<readonly UnsubscribeListItem[]>;
  readonly reload: () => void;
}

/**
 * An org's unsubscribes as the extension holds them. Asked again when the page comes back into
 * view or focus (after clicks on record pages in other tabs or windows), after each action
 * (through `reload`), and every few seconds while one is waiting for Salesforce.
 */
export function useUnsubscribes(orgId: string): UnsubscribesState {
  const [items, setItems] = useState<Loaded<readonly UnsubscribeListItem[]>>({ state: 'loading' });
  const [asked, setAsked] = useState(0);
  const reload = useCallback(() => setAsked((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    askOptions({ type: 'unsubscribes', orgId }).then(
      (answer) => {
        if (!live) return;
        setItems(
          answer.ok
            ? { state: 'ok', value: answer.items }
            : { state: 'error', text: troubleText(answer) },
        );
      },
      (error: unknown) => live && setItems({ state: 'error', text: troubleText(error) }),
    );
    return () => {
      live = false;
    };
  }, [orgId, asked]);

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

  const waiting = items.state === 'ok' && items.value.some((item) => item.status === 'pending');
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, WAITING_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, reload]);

  return { items, reload };
}
