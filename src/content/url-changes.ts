/**
 * Calls `onChange` with the page URL now and after every in-app navigation. Lightning is a
 * single-page app: it changes records through the History API, with no page load, and a content
 * script (in its isolated world) sees no event for the page's own `pushState`. The Navigation API's
 * `currententrychange` does fire for it; `popstate` covers browsers without that API for back and
 * forward, and a slow poll is the last resort so that a record change is never missed.
 * Returns a function that stops watching.
 */
export function watchUrl(onChange: (url: string) => void, pollMs = 1000): () => void {
  let current = location.href;
  const check = (): void => {
    if (location.href === current) return;
    current = location.href;
    onChange(current);
  };
  const nav = (globalThis as { navigation?: EventTarget }).navigation;
  nav?.addEventListener('currententrychange', check);
  addEventListener('popstate', check);
  const timer = setInterval(check, pollMs);
  onChange(current);
  return () => {
    nav?.removeEventListener('currententrychange', check);
    removeEventListener('popstate', check);
    clearInterval(timer);
  };
}
