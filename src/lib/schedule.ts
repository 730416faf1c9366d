/**
 * When the nightly reconcile runs (SPEC R4): every day at 20:00 in America/Los_Angeles, which is
 * 20:00 PST in winter and 20:00 PDT in summer. The UTC offset comes from the platform's time-zone
 * data through Intl, never from a table of our own, so daylight-saving changes follow the rules.
 */
export const NIGHTLY_TIME_ZONE = 'America/Los_Angeles';
export const NIGHTLY_HOUR = 20;

const DAY_MS = 24 * 60 * 60 * 1000;

interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date and clock time an instant shows in a time zone. */
export function wallTimeIn(instant: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The wall time read as if it were UTC, in ms: the difference to the instant is the offset. */
function asUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** How far ahead of UTC a time zone's clocks are at an instant, in ms (PDT: -7 h). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = instant - (instant % 1000);
  return asUtc(wallTimeIn(whole, timeZone)) - whole;
}

/**
 * The instant at which a time zone's clocks show a date and time. Twice through the offset, so
 * a date whose offset differs from the first guess (a daylight-saving change day) lands right.
 */
export function instantOfWallTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour);
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/**
 * The next nightly run after `now`: today's 20:00 in Los Angeles, or tomorrow's when that has
 * passed. At exactly 20:00 the run is due, so that instant is the answer.
 */
export function nextNightlyRun(now: Date): Date {
  const today = wallTimeIn(now.getTime(), NIGHTLY_TIME_ZONE);
  const run = instantOfWallTime(
    today.year,
    today.month,
    today.day,
    NIGHTLY_HOUR,
    NIGHTLY_TIME_ZONE,
  );
  if (run >= now.getTime()) return new Date(run);
  // Date.UTC rolls the day over month and year ends; the hour is read back in LA's own offset.
  const tomorrow = new Date(Date.UTC(today.year, today.month - 1, today.day) + DAY_MS);
  return new Date(
    instantOfWallTime(
      tomorrow.getUTCFullYear(),
      tomorrow.getUTCMonth() + 1,
      tomorrow.getUTCDate(),
      NIGHTLY_HOUR,
      NIGHTLY_TIME_ZONE,
    ),
  );
}
