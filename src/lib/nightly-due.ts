import { nextNightlyRun } from './schedule';

/**
 * What the service worker does about the nightly run when it starts or the settings change:
 * a due time that has passed (the browser was closed or asleep at 20:00, for a day or a week)
 * means one run now, never one per missed day; otherwise the stored due time stands, or the next
 * 20:00 Pacific when none is stored.
 */
export function nightlyDue(
  now: number,
  storedDueAt: number | null,
): { readonly runNow: boolean; readonly dueAt: number } {
  if (storedDueAt !== null && storedDueAt <= now) {
    return { runNow: true, dueAt: nextNightlyRun(new Date(now + 60_000)).getTime() };
  }
  return { runNow: false, dueAt: storedDueAt ?? nextNightlyRun(new Date(now)).getTime() };
}
