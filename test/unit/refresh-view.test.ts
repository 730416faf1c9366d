import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireRefreshView } from '../../src/lib/refresh-view';

/** The page's world, as the injected function finds it: `$A` on the global object, or not. */
const page = globalThis as { $A?: unknown };

afterEach(() => {
  delete page.$A;
});

describe('fireRefreshView (in the page world)', () => {
  it("fires Lightning's force:refreshView once, and says so", () => {
    const fire = vi.fn();
    const get = vi.fn((name: string) => (name === 'e.force:refreshView' ? { fire } : undefined));
    page.$A = { get };
    expect(fireRefreshView()).toBe(true);
    expect(get).toHaveBeenCalledExactlyOnceWith('e.force:refreshView');
    expect(fire).toHaveBeenCalledOnce();
  });

  it('is false without $A (Classic) or without the event', () => {
    expect(fireRefreshView()).toBe(false);
    page.$A = { get: () => undefined };
    expect(fireRefreshView()).toBe(false);
    page.$A = { get: () => ({ fire: 'no' }) };
    expect(fireRefreshView()).toBe(false);
  });

  it('is false, without throwing, for a $A of another shape or one that throws', () => {
    for (const aura of [
      42,
      { get: 'no' },
      {
        get: () => {
          throw new Error('no such event');
        },
      },
      {
        get: () => ({
          fire: () => {
            throw new Error('refresh failed');
          },
        }),
      },
    ]) {
      page.$A = aura;
      expect(fireRefreshView()).toBe(false);
    }
  });
});
