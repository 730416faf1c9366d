/**
 * The nightly run's API budget (issue 12): a thousand reps' browsers share one org's daily API
 * allowance with everything else the org runs, so a nightly run stops while the org still has a
 * share of it left for other work, and goes on at the next opportunity. A rep's click is never
 * held back by it (the outbox does not look at it).
 *
 * What the org has left comes from the `Sforce-Limit-Info` response header, which Salesforce
 * returns on each REST API request ("Limit Info Header", REST API Developer Guide:
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 * — `api-usage=<used>/<limit>`, the org's daily usage and allowance, e.g.
 * `Sforce-Limit-Info: api-usage=10018/100000`). jsforce reads it into `conn.limitInfo.apiUsage`.
 */

/** The share of the org's daily allowance a nightly run leaves for other work, by default. */
export const DEFAULT_API_FLOOR_PERCENT = 10;
/** The highest share an administrator can keep (0 keeps none: the run goes on to the limit). */
export const MAX_API_FLOOR_PERCENT = 90;

/** Why a run stopped for the budget, kept on the run for its history. */
export interface BudgetStop {
  /** The org's API requests left today when the run stopped. */
  readonly remaining: number;
  /** The org's daily allowance. */
  readonly limit: number;
  /** The share of the allowance kept for other work, in percent. */
  readonly floorPercent: number;
}

/** Whether a share is one an administrator may set: a whole percent from 0 to 90. */
export function isApiFloorPercent(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_API_FLOOR_PERCENT
  );
}

/**
 * The decision at a checkpoint: null to go on, or why to stop — when the org's remaining daily
 * requests are under `floorPercent` of its allowance. Unknown usage (no request answered yet)
 * goes on: the next checkpoint knows.
 */
export function budgetStop(
  usage: { readonly used: number; readonly limit: number } | undefined,
  floorPercent: number,
): BudgetStop | null {
  if (!usage || !Number.isFinite(usage.used) || !(usage.limit > 0)) return null;
  const remaining = Math.max(0, usage.limit - usage.used);
  const floor = (usage.limit * floorPercent) / 100;
  return remaining < floor ? { remaining, limit: usage.limit, floorPercent } : null;
}

/** Thrown at a checkpoint under the floor: the run waits, resumable from that checkpoint. */
export class BudgetReached extends Error {
  constructor(readonly stop: BudgetStop) {
    super(`API budget: ${stop.remaining} of ${stop.limit} left, under ${stop.floorPercent} %`);
  }
}
