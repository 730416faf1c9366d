import 'fake-indexeddb/auto';
import { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import type { AlarmSchedule, Alarms, ScheduledAlarm } from '../../src/background/extension-api';
import { createNightly, NIGHTLY_ALARM } from '../../src/background/nightly';
import type { OrgContext } from '../../src/background/org-context';
import { openDatabase } from '../../src/lib/db/open';
import { nightlyOffsetMs } from '../../src/lib/schedule';
import { defaultSettings } from '../../src/lib/settings';

/**
 * Issue 12: several orgs in one browser, each at its own moment after 20:00 Pacific, share the
 * one nightly alarm. The service worker's schedule over fake-indexeddb and an alarm table; the
 * orgs cannot be reached (no session), so each run is one `orgContext` call and a waiting run;
 * in the last test they can, and their runs fail against nothing listening.
 */

class MemoryAlarms implements Alarms {
  readonly table = new Map<string, ScheduledAlarm>();
  created = 0;
  get(name: string) {
    return Promise.resolve(this.table.get(name));
  }
  create(name: string, schedule: AlarmSchedule) {
    if (name === NIGHTLY_ALARM) this.created += 1;
    const scheduledTime =
      'when' in schedule ? schedule.when : Date.now() + schedule.periodInMinutes * 60_000;
    this.table.set(name, { name, scheduledTime });
    return Promise.resolve();
  }
  clear(name: string) {
    return Promise.resolve(this.table.delete(name));
  }
}

const at = (iso: string) => Date.parse(iso);
const USER = '005xx000001SvAbAAK';

/** Two org Ids whose offsets differ by at least five minutes, earliest first. */
function twoOrgs(): [string, string] {
  const ids = [
    '00Dxx0000001gPLEAY',
    '00Dxx0000002hQMEAY',
    '00Dxx0000003iRNEAY',
    '00D5g000004EXAMPLE',
  ];
  const sorted = [...ids].sort((a, b) => nightlyOffsetMs(a, USER) - nightlyOffsetMs(b, USER));
  const first = sorted[0] ?? '';
  const last = sorted.at(-1) ?? '';
  expect(nightlyOffsetMs(last, USER) - nightlyOffsetMs(first, USER)).toBeGreaterThan(5 * 60_000);
  return [first, last];
}

async function setUp({ reachable = false }: { reachable?: boolean } = {}) {
  const db = await openDatabase(`nightly-${Math.random()}`);
  const [early, late] = twoOrgs();
  for (const orgId of [early, late]) {
    await db.put('orgs', {
      orgId,
      instanceUrl: `https://${orgId}.my.salesforce.com`,
      userId: USER,
      userName: 'rep@example.com',
      lastSeenAt: 0,
    });
  }
  const alarms = new MemoryAlarms();
  let time = at('2026-07-15T19:00:00Z');
  const reached: string[] = [];
  const off = new Set<string>();
  const orgOf = new Map([early, late].map((o) => [`https://${o}.my.salesforce.com`, o]));
  const nightly = createNightly({
    database: () => Promise.resolve(db),
    orgContext: (instanceUrl) => {
      const orgId = orgOf.get(instanceUrl) ?? instanceUrl;
      reached.push(orgId);
      if (!reachable) return Promise.resolve({ ok: false, code: 'no-session' });
      // A context whose requests find nothing listening: the run starts, then fails.
      const conn = new Connection({ instanceUrl: 'https://127.0.0.1:9', accessToken: 'x' });
      return Promise.resolve({
        session: { instanceUrl, sid: 'x' } as unknown as OrgContext['session'],
        conn: conn as unknown as OrgContext['conn'],
        db,
        settings: { ...defaultSettings(orgId), nightlySync: true },
        via: 'sid',
      });
    },
    effectiveSettings: (_, orgId) =>
      Promise.resolve({ settings: { ...defaultSettings(orgId), nightlySync: !off.has(orgId) } }),
    managedPolicy: () => Promise.resolve({}),
    flushOutbox: () =>
      reachable ? Promise.reject(new Error('the outbox failed')) : Promise.resolve(),
    alarms,
    keepAwake: (_atMost, work) => work(),
    now: () => time,
    updateBadge: () => Promise.resolve(),
  });
  const dueOf = (orgId: string) => at('2026-07-16T03:00:00Z') + nightlyOffsetMs(orgId, USER);
  return {
    db,
    alarms,
    nightly,
    early,
    late,
    reached,
    off,
    dueOf,
    setTime: (t: number) => {
      time = t;
    },
    alarmAt: () => alarms.table.get(NIGHTLY_ALARM)?.scheduledTime,
  };
}

describe('the nightly schedule of several orgs', () => {
  it('sets one alarm at the earliest org, and runs each org at its own time', async () => {
    const s = await setUp();
    await s.nightly.ensureNightlySchedule();
    expect(s.reached).toEqual([]);
    expect(await s.nightly.nightlyNextRunAt(s.early)).toBe(s.dueOf(s.early));
    expect(await s.nightly.nightlyNextRunAt(s.late)).toBe(s.dueOf(s.late));
    expect(s.alarmAt()).toBe(s.dueOf(s.early));
    // Checked again (a worker start): the alarm is left alone.
    await s.nightly.ensureNightlySchedule();
    expect(s.alarms.created).toBe(1);

    // The alarm fires at the early org's time: it runs, the late one waits for its own.
    s.setTime(s.dueOf(s.early) + 500);
    await s.nightly.runNightly('schedule');
    expect(s.reached).toEqual([s.early]);
    expect(s.alarmAt()).toBe(s.dueOf(s.late));
    expect(await s.nightly.nightlyNextRunAt(s.early)).toBe(s.dueOf(s.early) + 86_400_000);

    s.setTime(s.dueOf(s.late) + 500);
    await s.nightly.runNightly('schedule');
    expect(s.reached).toEqual([s.early, s.late]);
    expect(s.alarmAt()).toBe(s.dueOf(s.early) + 86_400_000);
  });

  it('runs each missed org once at the next start, however many nights were missed', async () => {
    const s = await setUp();
    await s.nightly.ensureNightlySchedule();
    // The browser was closed for three nights; it starts at 09:00 PDT.
    s.setTime(at('2026-07-19T16:00:00Z'));
    await s.nightly.ensureNightlySchedule();
    await expect.poll(() => s.reached).toEqual([s.early, s.late]);
    // Another check a moment later runs nothing again.
    s.setTime(at('2026-07-19T16:01:00Z'));
    await s.nightly.ensureNightlySchedule();
    expect(s.reached).toEqual([s.early, s.late]);
    expect(await s.nightly.nightlyNextRunAt(s.late)).toBe(s.dueOf(s.late) + 4 * 86_400_000);
    expect(s.alarmAt()).toBe(s.dueOf(s.early) + 4 * 86_400_000);
  });

  it("forgets an org's time when its sync is turned off, and keeps a due time from before the spread", async () => {
    const s = await setUp();
    // What the release before issue 12 stored: one due time for every org, with its alarm.
    const legacy = at('2026-07-16T03:00:00Z');
    await s.db.put('meta', { key: 'nightlyNextDueAt', value: legacy });
    await s.alarms.create(NIGHTLY_ALARM, { when: legacy });
    await s.nightly.ensureNightlySchedule();
    expect(await s.nightly.nightlyNextRunAt(s.early)).toBe(legacy);
    expect(s.alarmAt()).toBe(legacy);
    expect(s.alarms.created).toBe(1);
    // That night both run; from then on each at its own time.
    s.setTime(legacy + 1000);
    await s.nightly.runNightly('schedule');
    expect(s.reached.sort()).toEqual([s.early, s.late].sort());
    expect(await s.nightly.nightlyNextRunAt(s.late)).toBe(s.dueOf(s.late) + 86_400_000);

    // The early org's sync is turned off: its time is forgotten, the alarm is the late one's.
    s.off.add(s.early);
    await s.nightly.ensureNightlySchedule();
    expect(await s.db.get('meta', `nightlyNextDueAt:${s.early}`)).toBeUndefined();
    expect(s.alarmAt()).toBe(s.dueOf(s.late) + 86_400_000);
    // Turned on again days later: it starts afresh at its next time, no missed run.
    s.off.delete(s.early);
    s.setTime(at('2026-07-20T16:00:00Z'));
    const before = s.reached.length;
    await s.nightly.ensureNightlySchedule();
    await expect.poll(() => s.reached.slice(before)).toEqual([s.late]);
    await expect.poll(() => s.alarmAt()).toBe(s.dueOf(s.early) + 5 * 86_400_000);
    expect(await s.nightly.nightlyNextRunAt(s.early)).toBe(s.dueOf(s.early) + 5 * 86_400_000);
  });

  it("runs every org's reconcile even when the outbox's flush before it throws", async () => {
    const s = await setUp({ reachable: true });
    await s.nightly.ensureNightlySchedule();
    s.setTime(s.dueOf(s.late) + 500);
    await s.nightly.runNightly('schedule');
    const runs = await s.db.getAll('runs');
    // Each org's run started (and failed: nothing listens), the flush's error notwithstanding.
    expect(runs.map((r) => r.orgId).sort()).toEqual([s.early, s.late].sort());
    expect(runs.every((r) => r.status === 'failed')).toBe(true);
  });
});
