import { useState } from 'preact/hooks';
import type { UnsubscribeResponse } from '../lib/messages';
import { askBackground } from '../ui/ask-background';
import type { CardActions } from './card-body';
import type { ScriptContext } from './script-context';

const unreachable = (): UnsubscribeResponse => ({ ok: false, code: 'network' });

/** The card's buttons: each sends its request and hands the answer to `apply`. */
export function useCardActions(
  ctx: ScriptContext,
  recordId: string,
  pageUrl: string,
  apply: (answer: UnsubscribeResponse) => void,
  tick: () => void,
): { sending: boolean; undoneNow: boolean; actions: CardActions } {
  const [sending, setSending] = useState(false);
  const [undoneNow, setUndoneNow] = useState(false);

  const act = (type: 'unsubscribe' | 'undo' | 'retry') => async () => {
    setSending(type !== 'undo');
    setUndoneNow(false);
    tick();
    const answer = await ctx
      .call(() => askBackground({ type, recordId, pageUrl }))
      .catch(unreachable);
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
