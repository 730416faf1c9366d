import { describe, expect, it } from 'vitest';
import { nightlyDue, nightlyPlan } from '../../src/lib/nightly-due';

const at = (iso: string) => Date.parse(iso);

describe('nightlyDue (R4)', () => {
  it('schedules the next 20:00 Pacific when nothing is stored', () => {
    // 10:00 PST on 2026-12-01 -> 20:00 PST that day = 04:00 UTC on the 2nd.
    expect(nightlyDue(at('2026-12-01T18:00:00Z'), null)).toEqual({
      runNow: false,
      dueAt: at('2026-12-02T04:00:00Z'),
    });
  });

  it('keeps a stored due time that has not come', () => {
    const due = at('2026-07-02T03:00:00Z');
    expect(nightlyDue(at('2026-07-01T12:00:00Z'), due)).toEqual({ runNow: false, dueAt: due });
  });

  it('runs a missed night once, whatever how many days were missed, and moves on to the next 20:00', () => {
    // Due on 2026-07-01 20:00 PDT; the browser comes back three days later at 09:00 PDT.
    const decision = nightlyDue(at('2026-07-05T16:00:00Z'), at('2026-07-02T03:00:00Z'));
    expect(decision).toEqual({ runNow: true, dueAt: at('2026-07-06T03:00:00Z') });
  });

  it('follows both daylight-saving changes', () => {
    // 2026-03-08 (PST -> PDT): 20:00 PDT = 03:00 UTC on the 9th.
    expect(nightlyDue(at('2026-03-08T12:00:00Z'), null).dueAt).toBe(at('2026-03-09T03:00:00Z'));
    // 2026-11-01 (PDT -> PST): 20:00 PST = 04:00 UTC on the 2nd.
    expect(nightlyDue(at('2026-11-01T12:00:00Z'), null).dueAt).toBe(at('2026-11-02T04:00:00Z'));
  });
});

const MIN = 60_000;

describe('nightlyDue with an offset (issue 12)', () => {
  it("schedules the org's own time after 20:00 Pacific", () => {
    expect(nightlyDue(at('2026-12-01T18:00:00Z'), null, 17 * MIN)).toEqual({
      runNow: false,
      dueAt: at('2026-12-02T04:17:00Z'),
    });
  });

  it('runs a missed night once and moves on to the next night at the same offset', () => {
    const decision = nightlyDue(at('2026-07-05T16:00:00Z'), at('2026-07-02T03:17:00Z'), 17 * MIN);
    expect(decision).toEqual({ runNow: true, dueAt: at('2026-07-06T03:17:00Z') });
    // Run at its time (a little late, as alarms are): tomorrow's, not today's again.
    expect(nightlyDue(at('2026-07-06T03:17:02Z'), at('2026-07-06T03:17:00Z'), 17 * MIN)).toEqual({
      runNow: true,
      dueAt: at('2026-07-07T03:17:00Z'),
    });
  });

  it('follows both daylight-saving changes with the offset', () => {
    expect(nightlyDue(at('2026-03-08T12:00:00Z'), null, 29 * MIN).dueAt).toBe(
      at('2026-03-09T03:29:00Z'),
    );
    expect(nightlyDue(at('2026-11-01T12:00:00Z'), null, 29 * MIN).dueAt).toBe(
      at('2026-11-02T04:29:00Z'),
    );
    // Run on the night before fall-back (20:29 PDT): the next is 20:29 PST.
    expect(nightlyDue(at('2026-11-01T03:29:00Z'), at('2026-11-01T03:29:00Z'), 29 * MIN).dueAt).toBe(
      at('2026-11-02T04:29:00Z'),
    );
  });
});

describe('nightlyPlan: several orgs, one alarm', () => {
  const A = { orgId: 'A', offsetMs: 5 * MIN };
  const B = { orgId: 'B', offsetMs: 25 * MIN };

  it('sets the alarm for the earliest org and runs nothing before its time', () => {
    const plan = nightlyPlan(
      at('2026-07-15T12:00:00Z'),
      [
        { ...B, dueAt: null },
        { ...A, dueAt: null },
      ],
      false,
    );
    expect(plan).toEqual({
      runNow: [],
      dueAt: { A: at('2026-07-16T03:05:00Z'), B: at('2026-07-16T03:25:00Z') },
      alarmAt: at('2026-07-16T03:05:00Z'),
    });
  });

  it('runs each org at its own time, and sets the alarm for the next one', () => {
    const dues = { A: at('2026-07-16T03:05:00Z'), B: at('2026-07-16T03:25:00Z') };
    // 20:05 PDT: A's time; B keeps 20:25, which the alarm is set for.
    const first = nightlyPlan(
      at('2026-07-16T03:05:01Z'),
      [
        { ...A, dueAt: dues.A },
        { ...B, dueAt: dues.B },
      ],
      true,
    );
    expect(first).toEqual({
      runNow: ['A'],
      dueAt: { A: at('2026-07-17T03:05:00Z'), B: dues.B },
      alarmAt: dues.B,
    });
    // 20:25 PDT: B's time; A has run today already.
    const second = nightlyPlan(
      at('2026-07-16T03:25:00Z'),
      [
        { ...A, dueAt: first.dueAt.A ?? null },
        { ...B, dueAt: first.dueAt.B ?? null },
      ],
      true,
    );
    expect(second).toEqual({
      runNow: ['B'],
      dueAt: { A: at('2026-07-17T03:05:00Z'), B: at('2026-07-17T03:25:00Z') },
      alarmAt: at('2026-07-17T03:05:00Z'),
    });
  });

  it('runs every org whose time passed while the browser was closed, once each', () => {
    // Closed from before 20:00 on the 16th until 09:00 PDT on the 19th.
    const plan = nightlyPlan(
      at('2026-07-19T16:00:00Z'),
      [
        { ...A, dueAt: at('2026-07-16T03:05:00Z') },
        { ...B, dueAt: at('2026-07-16T03:25:00Z') },
      ],
      false,
    );
    expect(plan).toEqual({
      runNow: ['A', 'B'],
      dueAt: { A: at('2026-07-20T03:05:00Z'), B: at('2026-07-20T03:25:00Z') },
      alarmAt: at('2026-07-20T03:05:00Z'),
    });
    // Closed between the two: only B missed its time.
    const between = nightlyPlan(
      at('2026-07-16T03:40:00Z'),
      [
        { ...A, dueAt: at('2026-07-17T03:05:00Z') },
        { ...B, dueAt: at('2026-07-16T03:25:00Z') },
      ],
      false,
    );
    expect(between.runNow).toEqual(['B']);
  });

  it('runs the earliest org when the alarm fires before any time has come', () => {
    const dues = { A: at('2026-07-16T03:05:00Z'), B: at('2026-07-16T03:25:00Z') };
    const early = nightlyPlan(
      at('2026-07-15T12:00:00Z'),
      [
        { ...A, dueAt: dues.A },
        { ...B, dueAt: dues.B },
      ],
      true,
    );
    expect(early).toEqual({
      runNow: ['A'],
      dueAt: { A: at('2026-07-17T03:05:00Z'), B: dues.B },
      alarmAt: dues.B,
    });
    // A worker start at that moment runs nothing.
    expect(
      nightlyPlan(at('2026-07-15T12:00:00Z'), [{ ...A, dueAt: dues.A }], false).runNow,
    ).toEqual([]);
  });

  it('does not run an org twice in one evening when its due time was 20:00 sharp (after an update)', () => {
    const plan = nightlyPlan(
      at('2026-07-16T03:00:01Z'),
      [
        { ...A, dueAt: at('2026-07-16T03:00:00Z') },
        { ...B, dueAt: at('2026-07-16T03:00:00Z') },
      ],
      true,
    );
    expect(plan).toEqual({
      runNow: ['A', 'B'],
      dueAt: { A: at('2026-07-17T03:05:00Z'), B: at('2026-07-17T03:25:00Z') },
      alarmAt: at('2026-07-17T03:05:00Z'),
    });
  });

  it('has no alarm without an org', () => {
    expect(nightlyPlan(at('2026-07-15T12:00:00Z'), [], true)).toEqual({
      runNow: [],
      dueAt: {},
      alarmAt: null,
    });
  });
});
