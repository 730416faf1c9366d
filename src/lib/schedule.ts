/**
 * When the nightly reconcile runs (SPEC R4): every day at about 20:00 in America/Los_Angeles,
 * which is 20:00 PST in winter and 20:00 PDT in summer. The UTC offset comes from the platform's
 * time-zone data through Intl, never from a table of our own, so daylight-saving changes follow
 * the rules.
 *
 * "About" (issue 12): each org and user of a browser starts a stable moment in the half hour
 * after 20:00 (`nightlyOffsetMs`), so that a thousand reps of one org do not all reach Salesforce
 * in the same second. 20:00–20:30 in Los Angeles never holds a daylight-saving change (those are
 * at 02:00), so the offset is added to the day's 20:00 as plain milliseconds.
 */
export const NIGHTLY_TIME_ZONE = 'America/Los_Angeles';
export const NIGHTLY_HOUR = 20;
/** The nightly starts spread over this much time after 20:00 Pacific. */
export const NIGHTLY_SPREAD_MS = 30 * 60 * 1000;
const OFFSET_STEP_MS = 1000;

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
 * cyrb53 (a public-domain 53-bit string hash, two multiply-xorshift lanes): every bit of the
 * result depends on every character, so Ids that differ only in their last characters (the
 * users of one org) land far apart.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * How long after 20:00 Pacific this org's nightly run starts in this browser: 0 to 29 min 59 s,
 * in whole seconds, from a hash of the org Id and the rep's user Id (both 18 characters, as
 * stored). The same org and user get the same offset every night and in every browser; the reps
 * of one org spread evenly over the half hour. A user not known yet hashes as an empty Id.
 */
export function nightlyOffsetMs(orgId: string, userId: string | null): number {
  const steps = NIGHTLY_SPREAD_MS / OFFSET_STEP_MS;
  return (hash53(`${orgId}/${userId ?? ''}`) % steps) * OFFSET_STEP_MS;
}

/**
 * The next nightly run at or after `now`: today's 20:00 in Los Angeles plus the offset, or
 * tomorrow's when that has passed. At exactly that moment the run is due, so it is the answer.
 */
export function nextNightlyRun(now: Date, offsetMs = 0): Date {
  const today = wallTimeIn(now.getTime(), NIGHTLY_TIME_ZONE);
  const run =
    instantOfWallTime(today.year, today.month, today.day, NIGHTLY_HOUR, NIGHTLY_TIME_ZONE) +
    offsetMs;
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
    ) + offsetMs,
  );
}
