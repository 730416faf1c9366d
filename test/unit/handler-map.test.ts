import { describe, expect, it } from 'vitest';
import { handlerOf, type Handlers } from '../../src/background/handler-map';

/** A family shaped like the extension's: one interface covers two types (as record actions do). */
type Request =
  | { readonly type: 'ping' }
  | { readonly type: 'add' | 'sub'; readonly a: number; readonly b: number };
interface Responses {
  ping: { readonly ok: true };
  add: number;
  sub: number;
}

const handlers: Handlers<Request, Responses, [scale: number]> = {
  ping: () => Promise.resolve({ ok: true }),
  add: ({ a, b }, scale) => Promise.resolve((a + b) * scale),
  sub: ({ a, b }, scale) => Promise.resolve((a - b) * scale),
};

describe('typed handler maps', () => {
  it("finds the handler of a request's type and passes it the request and the extra arguments", async () => {
    const request: Request = { type: 'sub', a: 5, b: 2 };
    expect(await handlerOf(handlers, request)(request, 10)).toBe(30);
    expect(await handlerOf(handlers, { type: 'ping' })({ type: 'ping' }, 1)).toEqual({ ok: true });
  });

  it('does not compile a wrong answer or a missing handler', () => {
    const wrongAnswer: Handlers<Request, Responses> = {
      // @ts-expect-error ping declares { ok: true }, not a number
      ping: () => Promise.resolve(1),
      add: ({ a, b }) => Promise.resolve(a + b),
      sub: ({ a, b }) => Promise.resolve(a - b),
    };
    // @ts-expect-error `sub` has no handler
    const missing: Handlers<Request, Responses> = {
      ping: () => Promise.resolve({ ok: true }),
      add: ({ a, b }) => Promise.resolve(a + b),
    };
    expect([wrongAnswer, missing]).toHaveLength(2);
  });
});
