import type { FailureCode } from './failure';

/**
 * When the outbox tries a transient failure again: capped exponential backoff with equal jitter
 * (half the delay fixed, half random), so that many reps' browsers coming back online together
 * do not all hit the org in the same second. Chrome's alarms fire at most every 30 s for a packed
 * extension, which is also the first delay.
 */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 30 * 60_000;

/**
 * A send whose answer never came because the background was stopped mid-request (Firefox
 * suspends an idle event page even while a request is out) may still be applied by Salesforce
 * after that: it is read back, and written only if missing, no sooner than this after it left,
 * so a worker that starts again at once does not read too early and write it a second time.
 */
export const SEND_SETTLE_MS = 10_000;

/**
 * A short fault gets a few quick retries first, on the awake worker's own timers (the alarm floor
 * binds a sleeping worker only), so a rep watching "Unsubscribing…" sees it through in seconds:
 * a 503 or `UNABLE_TO_LOCK_ROW` is what Salesforce answers for a moment of load or a row another
 * transaction holds, and it documents retrying those at once; a dropped connection is most often
 * a blip too (and a quick try at an unreachable host costs the org nothing).
 * `REQUEST_LIMIT_EXCEEDED` and an expired session are not short: they keep the slow schedule.
 */
export const QUICK_RETRY_MS: readonly number[] = [1_000, 3_000, 8_000];
const SHORT_FAULTS: ReadonlySet<FailureCode> = new Set(['server-busy', 'network']);

const jittered = (delay: number, random: () => number) =>
  Math.round(delay / 2 + random() * (delay / 2));

/** The delay of the alarm-driven backoff before its retry number `attempt` (1 for the first). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 20);
  return jittered(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** exponent), random);
}

/**
 * The delay before retry number `attempt` after a failure with this code: the quick retries of
 * a short fault first, then the slow backoff from its start.
 */
export function nextRetryDelayMs(
  attempt: number,
  code: FailureCode,
  random: () => number = Math.random,
): number {
  if (!SHORT_FAULTS.has(code)) return retryDelayMs(attempt, random);
  const quick = QUICK_RETRY_MS[Math.max(attempt, 1) - 1];
  if (quick !== undefined) return jittered(quick, random);
  return retryDelayMs(attempt - QUICK_RETRY_MS.length, random);
}

/**
 * A refused API (`waitsForCure`) is tried again at most this many times, on the slow schedule
 * (30 s, 1 min, 2 min): enough for an admin who grants API Enabled while the rep waits, never a
 * loop. API Access Control ('api-not-approved') is not tried on a timer at all: the same session
 * is refused every time. After that the unsubscribe waits for a new `sid`, Connect or the retry
 * alarm of another unsubscribe of the org.
 */
export const REFUSED_TRIES = 3;

/** The delay before a refused send is tried again, or null: it waits for a cure. */
export function refusedRetryDelayMs(
  attempt: number,
  code: FailureCode,
  random: () => number = Math.random,
): number | null {
  if (code === 'api-not-approved' || attempt > REFUSED_TRIES) return null;
  return retryDelayMs(attempt, random);
}

/** Whether a retry this soon is left to the awake worker's timer rather than to an alarm. */
export const isQuickRetry = (delayMs: number): boolean => delayMs < FIRST_RETRY_MS / 2;
