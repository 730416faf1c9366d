import { describe, expect, it } from 'vitest';
import {
  FIRST_RETRY_MS,
  isQuickRetry,
  MAX_RETRY_MS,
  nextRetryDelayMs,
  QUICK_RETRY_MS,
  REFUSED_TRIES,
  refusedRetryDelayMs,
  retryDelayMs,
} from '../../src/lib/backoff';

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

describe('nextRetryDelayMs', () => {
  const top = () => 1;

  it('retries a 503, a locked row or a dropped connection within seconds, three times', () => {
    for (const code of ['server-busy', 'network'] as const) {
      expect([1, 2, 3].map((a) => nextRetryDelayMs(a, code, top))).toEqual(QUICK_RETRY_MS);
      expect(nextRetryDelayMs(1, code, () => 0)).toBe(500);
    }
  });

  it('then hands over to the slow backoff from its start', () => {
    expect(nextRetryDelayMs(4, 'server-busy', top)).toBe(FIRST_RETRY_MS);
    expect(nextRetryDelayMs(5, 'server-busy', top)).toBe(2 * FIRST_RETRY_MS);
    expect(nextRetryDelayMs(40, 'network', top)).toBe(MAX_RETRY_MS);
  });

  it('keeps a rate limit and an expired session slow from the first retry', () => {
    expect(nextRetryDelayMs(1, 'rate-limited', top)).toBe(FIRST_RETRY_MS);
    expect(nextRetryDelayMs(1, 'session-expired', top)).toBe(FIRST_RETRY_MS);
  });

  it('leaves only the quick retries to the worker’s own timer', () => {
    expect(QUICK_RETRY_MS.every(isQuickRetry)).toBe(true);
    expect(isQuickRetry(retryDelayMs(1, () => 0))).toBe(false);
  });
});

describe('a refused API', () => {
  it('is tried REFUSED_TRIES more times on the slow schedule, then waits (null); API Access Control never on a timer', () => {
    const half = () => 0.5;
    expect(refusedRetryDelayMs(1, 'api-disabled', half)).toBe(retryDelayMs(1, half));
    expect(refusedRetryDelayMs(REFUSED_TRIES, 'api-disabled', half)).toBe(
      retryDelayMs(REFUSED_TRIES, half),
    );
    expect(refusedRetryDelayMs(REFUSED_TRIES + 1, 'api-disabled', half)).toBeNull();
    expect(refusedRetryDelayMs(1, 'api-not-approved', half)).toBeNull();
  });
});
