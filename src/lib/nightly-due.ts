import { NIGHTLY_SPREAD_MS, nextNightlyRun } from './schedule';

/**
 * After a run, the org's next time is the first one at least this long after the moment it ran
 * for: a run for an org's time is never followed by another the same evening (after an update,
 * a due time kept from before the spread is 20:00 sharp; the org's own moment comes later).
 */
const AFTER_RUN_MS = NIGHTLY_SPREAD_MS;

/**
 * What the service worker does about one org's nightly run when it starts or the settings
 * change: a due time that has passed (the browser was closed or asleep at the org's time, for a
 * day or a week) means one run now, never one per missed day; otherwise the stored due time
 * stands, or the org's next time (20:00 Pacific plus its offset) when none is stored.
 */
export function nightlyDue(
  now: number,
  storedDueAt: number | null,
  offsetMs = 0,
): { readonly runNow: boolean; readonly dueAt: number } {
  if (storedDueAt !== null && storedDueAt <= now) {
    return {
      runNow: true,
      dueAt: nextNightlyRun(new Date(now + AFTER_RUN_MS), offsetMs).getTime(),
    };
  }
  return {
    runNow: false,
    dueAt: storedDueAt ?? nextNightlyRun(new Date(now), offsetMs).getTime(),
  };
}

/** One org with the nightly sync on, as the schedule sees it. */
export interface OrgSchedule {
  readonly orgId: string;
  /** The org's start after 20:00 Pacific in this browser (`nightlyOffsetMs`). */
  readonly offsetMs: number;
  /** When its next run was set for, as stored; null when none is. */
  readonly dueAt: number | null;
}

export interface NightlyPlan {
  /** The orgs whose run starts now, in the order given. */
  readonly runNow: readonly string[];
  /** Every org's next due time once the runs that start now have started. */
  readonly dueAt: Readonly<Record<string, number>>;
  /** The one alarm: the earliest due time of all, or null with no org. */
  readonly alarmAt: number | null;
}

/**
 * Several orgs in one browser, each with its own time, share one alarm: it is set for the
 * earliest due time, and whenever it fires or the worker starts, every org whose time has come
 * runs (once, however many days it missed) and moves on to its next time; the others keep
 * theirs, and the alarm is set again for the earliest.
 *
 * `alarmFired`: the alarm went off. Chrome fires an alarm at or after its time, so an alarm with
 * no org due yet was fired early (the system clock was set back, or a test fired it): it was set
 * for the earliest org(s), so they run, and their next time is the one after their due time.
 */
export function nightlyPlan(
  now: number,
  orgs: readonly OrgSchedule[],
  alarmFired: boolean,
): NightlyPlan {
  const decisions = orgs.map((org) => ({ org, ...nightlyDue(now, org.dueAt, org.offsetMs) }));
  const due = decisions.filter((d) => d.runNow);
  const dueAt: Record<string, number> = {};
  for (const d of decisions) dueAt[d.org.orgId] = d.dueAt;
  let runNow = due.map((d) => d.org.orgId);
  if (alarmFired && runNow.length === 0 && decisions.length > 0) {
    const earliest = Math.min(...decisions.map((d) => d.dueAt));
    const first = decisions.filter((d) => d.dueAt - earliest <= 60_000);
    for (const d of first) {
      dueAt[d.org.orgId] = nextNightlyRun(
        new Date(d.dueAt + AFTER_RUN_MS),
        d.org.offsetMs,
      ).getTime();
    }
    runNow = first.map((d) => d.org.orgId);
  }
  const times = Object.values(dueAt);
  return { runNow, dueAt, alarmAt: times.length > 0 ? Math.min(...times) : null };
}
