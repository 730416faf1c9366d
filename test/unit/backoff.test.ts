import { describe, expect, it } from 'vitest';
import { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelayMs } from '../../src/lib/backoff';

describe('retryDelayMs', () => {
  it('doubles from the first delay and stops at the cap', () => {
    const top = () => 1;
    expect(retryDelayMs(1, top)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(2, top)).toBe(2 * FIRST_RETRY_MS);
    expect(retryDelayMs(3, top)).toBe(4 * FIRST_RETRY_MS);
    expect(retryDelayMs(50, top)).toBe(MAX_RETRY_MS);
  });

  it('jitters between half and all of the delay', () => {
    expect(retryDelayMs(3, () => 0)).toBe(2 * FIRST_RETRY_MS);
    for (let i = 0; i < 100; i++) {
      const d = retryDelayMs(4);
      expect(d).toBeGreaterThanOrEqual(4 * FIRST_RETRY_MS);
      expect(d).toBeLessThanOrEqual(8 * FIRST_RETRY_MS);
    }
  });

  it('never waits less than half the first delay, even for a bad attempt number', () => {
    expect(retryDelayMs(0, () => 0)).toBe(FIRST_RETRY_MS / 2);
    expect(retryDelayMs(-3, () => 0)).toBe(FIRST_RETRY_MS / 2);
  });
});
