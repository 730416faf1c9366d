import { describe, expect, it } from 'vitest';
import { toId18 } from '../../src/lib/ids';
import {
  instantOfWallTime,
  NIGHTLY_SPREAD_MS,
  nextNightlyRun,
  nightlyOffsetMs,
  wallTimeIn,
} from '../../src/lib/schedule';

/** SPEC R4: 20:00 in America/Los_Angeles, PST or PDT, whatever the machine's own time zone. */
const next = (iso: string): string => nextNightlyRun(new Date(iso)).toISOString();

describe('nextNightlyRun', () => {
  it('is 20:00 PST (04:00 UTC the next day) in winter', () => {
    expect(next('2026-01-15T12:00:00Z')).toBe('2026-01-16T04:00:00.000Z');
  });

  it('is 20:00 PDT (03:00 UTC the next day) in summer', () => {
    expect(next('2026-07-15T12:00:00Z')).toBe('2026-07-16T03:00:00.000Z');
  });

  it('is that evening at 20:00 PDT on the spring-forward day, 2026-03-08', () => {
    // 01:00 PST, before the clocks jump from 02:00 to 03:00.
    expect(next('2026-03-08T09:00:00Z')).toBe('2026-03-09T03:00:00.000Z');
    // 10:00 PDT, after the change: the same run.
    expect(next('2026-03-08T17:00:00Z')).toBe('2026-03-09T03:00:00.000Z');
  });

  it('crosses into daylight time from the evening before the change', () => {
    // 2026-03-07 21:00 PST: tomorrow's run is already on PDT.
    expect(next('2026-03-08T05:00:00Z')).toBe('2026-03-09T03:00:00.000Z');
  });

  it('is that evening at 20:00 PST on the fall-back day, 2026-11-01', () => {
    // 01:30 PDT, the first of the two 01:30s.
    expect(next('2026-11-01T08:30:00Z')).toBe('2026-11-02T04:00:00.000Z');
    // 12:00 PST, after the change.
    expect(next('2026-11-01T20:00:00Z')).toBe('2026-11-02T04:00:00.000Z');
  });

  it('crosses into standard time from the evening before the change', () => {
    // 2026-10-31 21:00 PDT: tomorrow's run is on PST.
    expect(next('2026-11-01T04:00:00Z')).toBe('2026-11-02T04:00:00.000Z');
  });

  it("is tomorrow's once 20:00 in Los Angeles has passed", () => {
    // 20:00:01 PDT on 2026-07-15.
    expect(next('2026-07-16T03:00:01Z')).toBe('2026-07-17T03:00:00.000Z');
    // 23:59 PST on 2026-12-31: over the year's end.
    expect(next('2027-01-01T07:59:00Z')).toBe('2027-01-02T04:00:00.000Z');
  });

  it('is the run itself at exactly 20:00, and tomorrow one millisecond later', () => {
    expect(next('2026-07-16T03:00:00.000Z')).toBe('2026-07-16T03:00:00.000Z');
    expect(next('2026-07-16T03:00:00.001Z')).toBe('2026-07-17T03:00:00.000Z');
    expect(next('2026-01-16T04:00:00.000Z')).toBe('2026-01-16T04:00:00.000Z');
  });

  it("is today's run when it is already tomorrow in UTC but still before 20:00 in LA", () => {
    // 2026-07-16 01:00 UTC is 2026-07-15 18:00 PDT.
    expect(next('2026-07-16T01:00:00Z')).toBe('2026-07-16T03:00:00.000Z');
  });

  it('always lands on 20:00 in Los Angeles, every day of a year', () => {
    for (let day = 0; day < 366; day += 1) {
      const now = new Date(Date.UTC(2026, 0, 1, 15) + day * 86_400_000);
      const run = nextNightlyRun(now);
      const wall = wallTimeIn(run.getTime(), 'America/Los_Angeles');
      expect([wall.hour, wall.minute, wall.second]).toEqual([20, 0, 0]);
      expect(run.getTime()).toBeGreaterThanOrEqual(now.getTime());
      expect(run.getTime() - now.getTime()).toBeLessThanOrEqual(86_400_000);
    }
  });
});

describe('instantOfWallTime', () => {
  it('reads a wall time in any time zone', () => {
    expect(new Date(instantOfWallTime(2026, 6, 1, 9, 'Europe/Stockholm')).toISOString()).toBe(
      '2026-06-01T07:00:00.000Z',
    );
    expect(new Date(instantOfWallTime(2026, 1, 1, 9, 'Asia/Shanghai')).toISOString()).toBe(
      '2026-01-01T01:00:00.000Z',
    );
  });
});

/** Issue 12: each org and user starts at its own moment in the half hour after 20:00 Pacific. */
const MIN = 60_000;
const nextWith = (iso: string, offsetMs: number): string =>
  nextNightlyRun(new Date(iso), offsetMs).toISOString();

describe('nextNightlyRun with an offset', () => {
  it('is 20:00 plus the offset, in PST and in PDT', () => {
    expect(nextWith('2026-01-15T12:00:00Z', 17 * MIN)).toBe('2026-01-16T04:17:00.000Z');
    expect(nextWith('2026-07-15T12:00:00Z', 29 * MIN + 59_000)).toBe('2026-07-16T03:29:59.000Z');
  });

  it("is today's run between 20:00 and the offset, tomorrow's once the offset has passed", () => {
    // 20:10 PDT: a browser 25 minutes after 20:00 has not run yet today.
    expect(nextWith('2026-07-16T03:10:00Z', 25 * MIN)).toBe('2026-07-16T03:25:00.000Z');
    expect(nextWith('2026-07-16T03:25:00.000Z', 25 * MIN)).toBe('2026-07-16T03:25:00.000Z');
    expect(nextWith('2026-07-16T03:25:00.001Z', 25 * MIN)).toBe('2026-07-17T03:25:00.000Z');
    // 20:10 PST with an offset of 5 minutes: tomorrow's, across the year's end.
    expect(nextWith('2027-01-01T04:10:00Z', 5 * MIN)).toBe('2027-01-02T04:05:00.000Z');
  });

  it('follows the spring-forward day, 2026-03-08', () => {
    // 01:00 PST and 10:00 PDT on the day: the evening run is on PDT (UTC-7).
    expect(nextWith('2026-03-08T09:00:00Z', 12 * MIN)).toBe('2026-03-09T03:12:00.000Z');
    expect(nextWith('2026-03-08T17:00:00Z', 12 * MIN)).toBe('2026-03-09T03:12:00.000Z');
    // 20:20 PST on 2026-03-07, after a run at 20:12: the next is on PDT.
    expect(nextWith('2026-03-08T04:20:00Z', 12 * MIN)).toBe('2026-03-09T03:12:00.000Z');
  });

  it('follows the fall-back day, 2026-11-01', () => {
    // The first 01:30 (PDT) and noon PST on the day: the evening run is on PST (UTC-8).
    expect(nextWith('2026-11-01T08:30:00Z', 29 * MIN)).toBe('2026-11-02T04:29:00.000Z');
    expect(nextWith('2026-11-01T20:00:00Z', 29 * MIN)).toBe('2026-11-02T04:29:00.000Z');
    // 20:29 PDT on 2026-10-31, one millisecond after that night's run: the next is on PST.
    expect(nextWith('2026-11-01T03:29:00.001Z', 29 * MIN)).toBe('2026-11-02T04:29:00.000Z');
  });

  it('lands on 20:00 plus the offset in Los Angeles, every day of a year', () => {
    const offset = 23 * MIN + 7_000;
    for (let day = 0; day < 366; day += 1) {
      const now = new Date(Date.UTC(2026, 0, 1, 15) + day * 86_400_000);
      const run = nextNightlyRun(now, offset);
      const wall = wallTimeIn(run.getTime(), 'America/Los_Angeles');
      expect([wall.hour, wall.minute, wall.second]).toEqual([20, 23, 7]);
      expect(run.getTime()).toBeGreaterThanOrEqual(now.getTime());
      expect(run.getTime() - now.getTime()).toBeLessThanOrEqual(86_400_000);
    }
  });
});

describe('nightlyOffsetMs', () => {
  const ORG = '00Dxx0000001gPLEAY';
  /** The 18-character Id of the n-th user of an org, as Salesforce numbers them. */
  const user = (n: number) => toId18(`005xx${String(n).padStart(10, '0')}`) ?? '';

  it('is the same every time for the same org and user, in whole seconds of the half hour', () => {
    const offset = nightlyOffsetMs(ORG, user(1));
    expect(nightlyOffsetMs(ORG, user(1))).toBe(offset);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(NIGHTLY_SPREAD_MS);
    expect(offset % 1000).toBe(0);
    expect(nightlyOffsetMs(ORG, null)).toBe(nightlyOffsetMs(ORG, null));
  });

  it('spreads the reps of one org evenly over the half hour', () => {
    const offsets = Array.from({ length: 1200 }, (_, i) => nightlyOffsetMs(ORG, user(i + 1)));
    // Six 5-minute slots, 200 reps each if perfectly even: none gets fewer than 150 or over 250.
    const slots = Array.from({ length: 6 }, () => 0);
    for (const offset of offsets) {
      const slot = Math.floor(offset / (5 * MIN));
      slots[slot] = (slots[slot] ?? 0) + 1;
    }
    for (const count of slots) {
      expect(count).toBeGreaterThan(150);
      expect(count).toBeLessThan(250);
    }
    // No crowd in any one second: 1,200 reps in 1,800 seconds share seconds as chance does (a
    // few hold 4 or 5), never dozens at once.
    const perSecond = new Map<number, number>();
    for (const offset of offsets) perSecond.set(offset, (perSecond.get(offset) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(6);
    expect(perSecond.size).toBeGreaterThan(800);
  });

  it('gives the same user of two orgs, or two neighbouring users, different times', () => {
    const other = '00Dxx0000002hQMEAY';
    expect(nightlyOffsetMs(ORG, user(7))).not.toBe(nightlyOffsetMs(other, user(7)));
    expect(nightlyOffsetMs(ORG, user(7))).not.toBe(nightlyOffsetMs(ORG, user(8)));
  });
});
