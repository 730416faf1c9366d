import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScriptContext, type EndReason } from '../../src/content/script-context';
import { isContextInvalidated } from '../../src/content/stale-context';

describe('isContextInvalidated', () => {
  it('recognizes what Chromium throws at an orphaned content script', () => {
    // Debian Chromium 156, after chrome.runtime.reload(): runtime.sendMessage, runtime.connect,
    // i18n.getMessage and storage.local.get all throw exactly this.
    expect(isContextInvalidated(new Error('Extension context invalidated.'))).toBe(true);
    expect(isContextInvalidated('Extension context invalidated.')).toBe(true);
  });

  it('leaves real failures to the caller', () => {
    expect(
      isContextInvalidated(
        new Error('Could not establish connection. Receiving end does not exist.'),
      ),
    ).toBe(false);
    expect(isContextInvalidated(new TypeError('Failed to fetch'))).toBe(false);
    expect(isContextInvalidated(undefined)).toBe(false);
    expect(isContextInvalidated({ message: 'Extension context invalidated.' })).toBe(false);
  });
});

describe('ScriptContext', () => {
  let alive: boolean;
  let ctx: ScriptContext;
  let ended: EndReason[];

  beforeEach(() => {
    vi.useFakeTimers();
    alive = true;
    ctx = new ScriptContext(() => alive);
    ended = [];
    ctx.onEnd((reason) => ended.push(reason));
  });
  afterEach(() => vi.useRealTimers());

  it('runs an interval while the extension is there, and stops it on the first tick after', () => {
    const handler = vi.fn();
    ctx.setInterval(handler, 1000);
    vi.advanceTimersByTime(2000);
    expect(handler).toHaveBeenCalledTimes(2);
    alive = false;
    vi.advanceTimersByTime(1000);
    expect(handler).toHaveBeenCalledTimes(2);
    expect(ended).toEqual(['extension-updated']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops every interval and listener when it ends, and starts none afterwards', () => {
    const a = vi.fn();
    const b = vi.fn();
    const heard = vi.fn();
    const target = new EventTarget();
    ctx.setInterval(a, 1000);
    ctx.setInterval(b, 500);
    ctx.addEventListener(target, 'ping', heard);
    ctx.end('superseded');
    expect(vi.getTimerCount()).toBe(0);
    target.dispatchEvent(new Event('ping'));
    vi.advanceTimersByTime(5000);
    expect([a, b, heard].map((f) => f.mock.calls.length)).toEqual([0, 0, 0]);
    ctx.setInterval(a, 1000);
    expect(vi.getTimerCount()).toBe(0);
    expect(ended).toEqual(['superseded']);
  });

  it('keeps the first reason and tells its listeners once', () => {
    ctx.end('superseded');
    ctx.end('extension-updated');
    alive = false;
    expect(ctx.isValid).toBe(false);
    expect(ended).toEqual(['superseded']);
  });

  it('lets a stopped interval go without keeping a listener on the context', () => {
    const stop = ctx.setInterval(vi.fn(), 1000);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    ctx.end('superseded');
    expect(ended).toEqual(['superseded']);
  });

  it('a listener that fires after the extension went away ends the context instead of running', () => {
    const heard = vi.fn();
    const target = new EventTarget();
    ctx.addEventListener(target, 'ping', heard);
    alive = false;
    target.dispatchEvent(new Event('ping'));
    expect(heard).not.toHaveBeenCalled();
    expect(ended).toEqual(['extension-updated']);
  });
});

describe('ScriptContext.call', () => {
  let alive: boolean;
  let ctx: ScriptContext;
  let ended: EndReason[];
  const settled = vi.fn();

  beforeEach(() => {
    alive = true;
    ctx = new ScriptContext(() => alive);
    ended = [];
    ctx.onEnd((reason) => ended.push(reason));
    settled.mockReset();
  });

  /** Whether a promise settled once pending callbacks had their turn. */
  async function settles(promise: Promise<unknown>): Promise<boolean> {
    promise.then(settled, settled);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return settled.mock.calls.length > 0;
  }

  it('passes answers and ordinary failures through', async () => {
    await expect(ctx.call(() => Promise.resolve(42))).resolves.toBe(42);
    const refused = new Error('Could not establish connection. Receiving end does not exist.');
    await expect(ctx.call(() => Promise.reject(refused))).rejects.toBe(refused);
    expect(ended).toEqual([]);
  });

  it('ends the context on "Extension context invalidated", thrown synchronously, and never settles', async () => {
    const call = ctx.call((): Promise<number> => {
      throw new Error('Extension context invalidated.');
    });
    expect(await settles(call)).toBe(false);
    expect(ended).toEqual(['extension-updated']);
  });

  it('treats any failure once runtime.id is gone as the update, not as a network error', async () => {
    const call = ctx.call(() => {
      alive = false;
      return Promise.reject(new Error('The message port closed before a response was received.'));
    });
    expect(await settles(call)).toBe(false);
    expect(ended).toEqual(['extension-updated']);
  });

  it('sends nothing once ended, and drops an answer that arrives after the end', async () => {
    let answer: (value: number) => void = () => undefined;
    const inFlight = ctx.call(() => new Promise<number>((resolve) => (answer = resolve)));
    ctx.end('superseded');
    answer(1);
    expect(await settles(inFlight)).toBe(false);
    const request = vi.fn(() => Promise.resolve(2));
    expect(await settles(ctx.call(request))).toBe(false);
    expect(request).not.toHaveBeenCalled();
  });
});
