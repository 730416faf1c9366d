import type { ScriptContext } from './script-context';

/**
 * Calls `onChange` with the page URL now and after every in-app navigation, until the context
 * ends. Lightning is a single-page app: it changes records through the History API, with no page
 * load, and a content script (in its isolated world) sees no event for the page's own
 * `pushState`. The Navigation API's `currententrychange` does fire for it; `popstate` covers
 * browsers without that API for back and forward, and a slow poll is the last resort so that a
 * record change is never missed. That poll also runs on every page, so it is what notices, within
 * a second, that the extension was updated (see `ScriptContext.setInterval`).
 */
export function watchUrl(ctx: ScriptContext, onChange: (url: string) => void, pollMs = 1000): void {
  let current = location.href;
  const check = (): void => {
    if (location.href === current) return;
    current = location.href;
    onChange(current);
  };
  const nav = (globalThis as { navigation?: EventTarget }).navigation;
  if (nav) ctx.addEventListener(nav, 'currententrychange', check);
  ctx.addEventListener(window, 'popstate', check);
  ctx.setInterval(check, pollMs);
  onChange(current);
}
