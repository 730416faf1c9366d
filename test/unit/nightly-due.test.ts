import { describe, expect, it } from 'vitest';
import { nightlyDue } from '../../src/lib/nightly-due';

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
