import { describe, expect, it } from 'vitest';
import { instantOfWallTime, nextNightlyRun, wallTimeIn } from '../../src/lib/schedule';

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
