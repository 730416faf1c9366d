/**
 * When the outbox tries a transient failure again: capped exponential backoff with equal jitter
 * (half the delay fixed, half random), so that many reps' browsers coming back online together
 * do not all hit the org in the same second. Chrome's alarms fire at most every 30 s for a packed
 * extension, which is also the first delay.
 */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 30 * 60_000;

/** The delay before retry number `attempt` (1 for the first retry). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 20);
  const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** exponent);
  return Math.round(delay / 2 + random() * (delay / 2));
}
