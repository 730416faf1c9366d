import { useState } from 'preact/hooks';
import type { UnsubscribeResponse } from '../lib/messages';
import { askBackground } from '../ui/ask-background';
import type { CardActions } from './card-body';
import { isPersonActivation } from './person-activation';
import type { ScriptContext } from './script-context';

const unreachable = (): UnsubscribeResponse => ({ ok: false, code: 'network' });

/**
 * The card's buttons: each sends its request and hands the answer to `apply`. Every one of them
 * writes (Undo clears fields), so each acts only on a person's activation; an event a page script
 * made is ignored without a trace the page could see.
 */
export function useCardActions(
  ctx: ScriptContext,
  recordId: string,
  pageUrl: string,
  apply: (answer: UnsubscribeResponse) => void,
  tick: () => void,
): { sending: boolean; undoneNow: boolean; actions: CardActions } {
  const [sending, setSending] = useState(false);
  const [undoneNow, setUndoneNow] = useState(false);

  const stored = () =>
    ctx.call(() => askBackground({ type: 'unsubscribe-status', recordId, pageUrl }));
  const act = (type: 'unsubscribe' | 'undo' | 'retry') => async (event: Event) => {
    if (!isPersonActivation(event)) return;
    setSending(type !== 'undo');
    setUndoneNow(false);
    tick();
    // The background can be stopped while it answers (Chromium stops an idle service worker,
    // Firefox suspends its event page even mid-request): what a click or Try again saved is still
    // stored, so the card asks for it again, which starts the background; the outbox sends it on
    // once the cut-off send has settled, and the card follows it. An Undo is no outbox send:
    // without its answer the card cannot tell whether it happened, and says so.
    const sent = ctx.call(() => askBackground({ type, recordId, pageUrl }));
    const answer = await (type === 'undo' ? sent : sent.catch(() => stored())).catch(unreachable);
    setSending(false);
    apply(answer);
    if (type === 'undo' && answer.ok) setUndoneNow(true);
  };

  return {
    sending,
    undoneNow,
    actions: { onUnsubscribe: act('unsubscribe'), onUndo: act('undo'), onRetry: act('retry') },
  };
}
