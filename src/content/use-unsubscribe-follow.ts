import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CoveredStatus, UnsubscribeResponse, UnsubscribeView } from '../lib/messages';
import { askBackground } from '../ui/ask-background';
import type { ScriptContext } from './script-context';

/** How often the card asks the extension (not Salesforce) about a waiting unsubscribe. */
const POLL_MS = 1000;

/**
 * While the unsubscribe, or that of a record with the same email address its click covered,
 * waits for Salesforce, follows it in the extension's store; also ticks the clock that closes
 * the Undo window. Returns the clock and a way to set it to now.
 */
export function useUnsubscribeFollow(
  ctx: ScriptContext,
  recordId: string,
  pageUrl: string,
  view: UnsubscribeView | null,
  covered: readonly CoveredStatus[],
  apply: (answer: UnsubscribeResponse) => void,
): { now: number; tick: () => void } {
  const [now, setNow] = useState(Date.now());
  const waiting = view?.status === 'pending' || covered.some((c) => c.status === 'pending');
  const undoOpen = view?.undoUntil != null && now < view.undoUntil;
  useEffect(() => {
    if (!waiting && !undoOpen) return;
    return ctx.setInterval(() => {
      setNow(Date.now());
      if (waiting) {
        ctx
          .call(() => askBackground({ type: 'unsubscribe-status', recordId, pageUrl }))
          .then(apply, () => undefined);
      }
    }, POLL_MS);
  }, [ctx, waiting, undoOpen, recordId, pageUrl, apply]);
  const tick = useCallback(() => setNow(Date.now()), []);
  return { now, tick };
}
