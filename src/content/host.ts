import type { ScriptContext } from './script-context';
import { WIDGET_CSS } from './styles';

const HOST_TAG = 'unsubscribe-sync-widget';

/**
 * Fired by a newer copy of the script on an older copy's host element just before removing it.
 * DOM events reach listeners in every JavaScript world, so an older copy hears it even when the
 * two run in different worlds (an orphan of an earlier version and a fresh injection).
 */
const SUPERSEDED_EVENT = 'unsubscribe-sync:superseded';

/**
 * Takes the page over from any older copy of this script (so the page never shows two cards),
 * then mounts this copy's host element with an open shadow root and returns the element to render
 * into. The host ends `ctx` when a newer copy takes over in turn.
 */
export function mountHost(ctx: ScriptContext): HTMLElement {
  for (const older of document.querySelectorAll(HOST_TAG)) {
    older.dispatchEvent(new Event(SUPERSEDED_EVENT));
    // Removed even when nobody answered: a copy from before this event existed never listens.
    older.remove();
  }
  const host = document.createElement(HOST_TAG);
  host.addEventListener(SUPERSEDED_EVENT, () => ctx.end('superseded'), {
    once: true,
    signal: ctx.signal,
  });
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = WIDGET_CSS;
  const container = document.createElement('div');
  shadow.append(style, container);
  document.documentElement.append(host);
  return container;
}
