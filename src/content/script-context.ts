import { isContextInvalidated } from './stale-context';

/**
 * Why a copy of the content script stopped: its extension was reloaded, updated or removed
 * (`extension-updated`), or a newer copy of the script took the page over (`superseded`).
 */
export type EndReason = 'extension-updated' | 'superseded';

/**
 * The lifetime of one copy of the content script on a page. Chromium leaves an orphaned content
 * script running when its extension is reloaded or updated, with its timers and listeners, while
 * every extension API it calls throws. So everything that schedules or listens goes through this
 * context: once it ends, all of it stops at once and nothing reaches a dead extension.
 */
export class ScriptContext {
  readonly #controller = new AbortController();
  readonly #extensionAlive: () => boolean;
  #reason: EndReason = 'extension-updated';

  /** `extensionAlive` says whether the extension behind this copy still exists (`runtime.id`). */
  constructor(extensionAlive: () => boolean) {
    this.#extensionAlive = extensionAlive;
  }

  /** Aborts when the context ends. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether this copy may still act; a look that finds the extension gone ends the context. */
  get isValid(): boolean {
    if (this.signal.aborted) return false;
    if (this.#extensionAlive()) return true;
    this.end('extension-updated');
    return false;
  }

  /** Ends the context (the first reason wins): every timer and listener made through it stops. */
  end(reason: EndReason): void {
    if (this.signal.aborted) return;
    this.#reason = reason;
    this.#controller.abort(reason);
  }

  /** Runs once when the context ends, with the reason. */
  onEnd(listener: (reason: EndReason) => void): void {
    this.signal.addEventListener('abort', () => listener(this.#reason), { once: true });
  }

  /**
   * `setInterval` that stops when the context ends; each tick first checks that the extension is
   * still there, so any running interval notices an update within one period. Returns a stop
   * function.
   */
  setInterval(handler: () => void, ms: number): () => void {
    if (!this.isValid) return () => undefined;
    const timer = setInterval(() => {
      if (this.isValid) handler();
    }, ms);
    const stop = (): void => {
      clearInterval(timer);
      this.signal.removeEventListener('abort', stop);
    };
    this.signal.addEventListener('abort', stop, { once: true });
    return stop;
  }

  /** An event listener that is removed when the context ends, and never runs after it. */
  addEventListener(target: EventTarget, type: string, listener: () => void): void {
    target.addEventListener(
      type,
      () => {
        if (this.isValid) listener();
      },
      { signal: this.signal },
    );
  }

  /**
   * Runs a request to the extension. A failure that shows the context is gone (an "Extension
   * context invalidated" error, or any failure once `runtime.id` has vanished) ends the context
   * instead of reaching the caller: the card that asked is replaced as the context ends, so the
   * promise never settles and no "network error" is shown for what is really an update. Any
   * other failure is the caller's.
   */
  async call<T>(request: () => Promise<T>): Promise<T> {
    if (this.isValid) {
      try {
        const answer = await request();
        if (!this.signal.aborted) return answer;
      } catch (error) {
        if (!isContextInvalidated(error) && this.#extensionAlive()) throw error;
        this.end('extension-updated');
      }
    }
    return new Promise<T>(() => undefined);
  }
}
