import { useEffect, useRef, useState } from 'preact/hooks';
import { pageFieldsAfter, type KnownStatus } from '../lib/page-fields';
import { askBackground } from '../ui/ask-background';
import type { ScriptContext } from './script-context';

/**
 * The page's own fields (Salesforce's Email Opt Out checkbox and the like) were drawn when the
 * page loaded and do not follow a write made through the API. When the card's record's status
 * says a write reached Salesforce (`pageFieldsAfter`), the card asks the service worker to have
 * the page redraw them. Returns whether the page may still show the old value (it could not be
 * redrawn: Classic, or a Lightning page without the refresh), for the card to say so.
 */
export function usePageRefresh(
  ctx: ScriptContext,
  recordId: string,
  pageUrl: string,
  status: KnownStatus,
): boolean {
  const seen = useRef<KnownStatus>(null);
  const stale = useRef(false);
  const [showStale, setShowStale] = useState(false);
  useEffect(() => {
    const step = pageFieldsAfter(seen.current, status, stale.current);
    seen.current = status;
    const mark = (value: boolean): void => {
      stale.current = value;
      setShowStale(value);
    };
    if (step === 'agree') mark(false);
    if (step !== 'refresh') return;
    void ctx
      .call(() => askBackground({ type: 'refresh-page', recordId, pageUrl }))
      .then(
        (answer) => answer.ok && answer.refreshed,
        () => false,
      )
      .then((refreshed) => mark(!refreshed));
  }, [ctx, recordId, pageUrl, status]);
  return showStale;
}
