import type { Page } from 'playwright-core';

/** A request an extension page sent the service worker: when it left and was answered. */
export interface TracedRequest {
  readonly type: string;
  /** Ms after the page's navigation. */
  readonly sent: number;
  readonly answered: number | null;
}

/**
 * An init script (`page.addInitScript`) that records every request the page sends the service
 * worker, by wrapping `chrome.runtime.sendMessage` before the page's own scripts run. A string,
 * not a function: tsx (the benches) compiles functions with esbuild's `keepNames`, whose
 * `__name` helper a page does not have.
 */
export const TRACE_WORKER_REQUESTS = `(() => {
  const trace = (globalThis.__requests = []);
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  chrome.runtime.sendMessage = (message, ...rest) => {
    const entry = { type: String(message && message.type), sent: performance.now(), answered: null };
    trace.push(entry);
    const answer = send(message, ...rest);
    if (answer && typeof answer.then === 'function') {
      answer.then(() => { entry.answered = performance.now(); }, () => {});
    }
    return answer;
  };
})();`;

/** What a page traced by `TRACE_WORKER_REQUESTS` has sent so far. */
export function tracedRequests(page: Page): Promise<TracedRequest[]> {
  return page.evaluate(
    () => (globalThis as unknown as { __requests?: TracedRequest[] }).__requests ?? [],
  );
}
