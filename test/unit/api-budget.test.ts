import { describe, expect, it } from 'vitest';
import {
  budgetStop,
  DEFAULT_API_FLOOR_PERCENT,
  isApiFloorPercent,
} from '../../src/lib/reconcile/api-budget';

/** Issue 12: the nightly run keeps a share of the org's daily API allowance for other work. */
describe('the API budget decision', () => {
  it('goes on while the org has at least the floor left', () => {
    expect(DEFAULT_API_FLOOR_PERCENT).toBe(10);
    expect(budgetStop({ used: 0, limit: 100_000 }, 10)).toBeNull();
    expect(budgetStop({ used: 89_999, limit: 100_000 }, 10)).toBeNull();
    // Exactly the floor left: not under it.
    expect(budgetStop({ used: 90_000, limit: 100_000 }, 10)).toBeNull();
  });

  it('stops under the floor, and says what was left and what is kept', () => {
    expect(budgetStop({ used: 91_500, limit: 100_000 }, 10)).toEqual({
      remaining: 8_500,
      limit: 100_000,
      floorPercent: 10,
    });
    expect(budgetStop({ used: 90_001, limit: 100_000 }, 10)?.remaining).toBe(9_999);
    // Salesforce lets usage run over the allowance for a while (api-bursts): nothing is left.
    expect(budgetStop({ used: 110_018, limit: 100_000 }, 10)?.remaining).toBe(0);
  });

  it('follows the floor an administrator set', () => {
    const usage = { used: 70_000, limit: 100_000 };
    expect(budgetStop(usage, 25)).toBeNull();
    expect(budgetStop(usage, 35)).toEqual({ remaining: 30_000, limit: 100_000, floorPercent: 35 });
    // 0 keeps nothing back: the run goes on to the limit (and REQUEST_LIMIT_EXCEEDED, as before).
    expect(budgetStop({ used: 100_000, limit: 100_000 }, 0)).toBeNull();
    // A small org's allowance: 10 % of 15,000 is 1,500.
    expect(budgetStop({ used: 13_501, limit: 15_000 }, 10)?.remaining).toBe(1_499);
    expect(budgetStop({ used: 13_500, limit: 15_000 }, 10)).toBeNull();
  });

  it('goes on while the usage is not known yet, or makes no sense', () => {
    expect(budgetStop(undefined, 10)).toBeNull();
    expect(budgetStop({ used: 5, limit: 0 }, 10)).toBeNull();
    expect(budgetStop({ used: Number.NaN, limit: 100 }, 10)).toBeNull();
  });

  it('accepts a whole percent from 0 to 90 as the floor', () => {
    for (const ok of [0, 1, 10, 90]) expect(isApiFloorPercent(ok)).toBe(true);
    for (const bad of [-1, 91, 10.5, '10', null, undefined]) {
      expect(isApiFloorPercent(bad)).toBe(false);
    }
  });
});
