import type { Database } from '../lib/db/open';
import type { OrgRecord, RunRecord } from '../lib/db/schema';
import type { ManagedPolicy } from '../lib/managed-policy';
import type { Failure } from '../lib/failure';
import {
  DEFAULT_RECONCILE_OPTIONS,
  type ReconcileOptions,
  newRun,
  reconcile,
  startOrResumeRun,
} from '../lib/reconcile/run';
import { actingUserId } from '../lib/db/org-cache';
import { storedDescribes } from '../lib/reconcile/describes';
import { nightlyPlan, type NightlyPlan } from '../lib/nightly-due';
import { nightlyOffsetMs } from '../lib/schedule';
import type { OrgSettings } from '../lib/settings';
// Types only: like the outbox, the schedule stays importable where the extension APIs are not.
import type { Alarms, KeepAwake } from './extension-api';
import type { OrgContext } from './org-context';

/**
 * The nightly reconcile's schedule (SPEC R4): each org with the sync on is due at 20:00
 * America/Los_Angeles plus its own offset in the half hour after (`nightlyOffsetMs`, from its org
 * and user Ids), computed afresh after every run (so both DST changes are followed); one alarm at
 * the earliest due time of them all (`nightlyPlan`); a run missed while the browser was closed or
 * asleep done once at the next start; and a one-minute watchdog while a run is under way that
 * resumes it from its checkpoint if the service worker was stopped.
 */
export const NIGHTLY_ALARM = 'nightly';
export const RESUME_ALARM = 'nightly-resume';
/**
 * Before issue 12 one due time served every org; an update keeps it (and so the alarm already
 * set) as the due time of each org that has none of its own yet.
 */
const LEGACY_DUE_KEY = 'nightlyNextDueAt';
const dueKey = (orgId: string) => `nightlyNextDueAt:${orgId}`;

/** What the schedule needs from the world; the service worker wires the real ones. */
export interface NightlyDeps {
  readonly database: () => Promise<Database>;
  /** How to reach an org: its session, connection and settings, or why there is none. */
  readonly orgContext: (instanceUrl: string) => Promise<OrgContext | Failure>;
  /** An org's settings with the administrator's policy applied. */
  readonly effectiveSettings: (db: Database, orgId: string) => Promise<{ settings: OrgSettings }>;
  readonly managedPolicy: () => Promise<ManagedPolicy>;
  /**
   * Sends everything the outbox holds, whatever its backoff: a run leaves the outbox's clicks to
   * it (`fieldsToWrite`), so each run starts by letting them go.
   */
  readonly flushOutbox: () => Promise<void>;
  readonly alarms: Alarms;
  /** Keeps the background running through a run (a Bulk job waits minutes). */
  readonly keepAwake: KeepAwake;
  readonly now: () => number;
  readonly updateBadge: (db: Database) => Promise<void>;
}

export interface Nightly {
  /**
   * Checked at install, update, browser start, every worker start and every settings change: the
   * alarm exists exactly when some org has the nightly sync on, and a missed run happens now.
   */
  ensureNightlySchedule(): Promise<void>;
  /** Runs the reconcile for every org with the sync on (or one org, for Run now). */
  runNightly(trigger: RunRecord['trigger'], onlyOrgId?: string): Promise<void>;
  /**
   * The watchdog: a run whose worker was stopped mid-way carries on from its checkpoint. Runs only
   * happen inside `active`, so with none active in this worker a run still marked running was cut
   * off with an earlier one.
   */
  resumeCutOffRuns(): Promise<void>;
  /** A run that waited for a Salesforce sign-in goes on once one appears for its org. */
  resumeWaitingRuns(instanceUrl: string): Promise<void>;
  /** When an org's nightly run is due next; null when its sync is off. */
  nightlyNextRunAt(orgId: string): Promise<number | null>;
}

async function storedNumber(db: Database, key: string): Promise<number | null> {
  const stored = (await db.get('meta', key))?.value;
  return typeof stored === 'number' ? stored : null;
}

async function nextDueAt(db: Database, orgId: string): Promise<number | null> {
  return (await storedNumber(db, dueKey(orgId))) ?? storedNumber(db, LEGACY_DUE_KEY);
}

/**
 * The longest a run keeps the background awake (`keepAwake`); one cut off after that resumes
 * from its checkpoint. The first night at a million records took under 4 minutes in Chromium
 * (`npm run bench:heap`).
 */
const RUN_AWAKE_AT_MOST_MS = 60 * 60_000;

/** A run that waits for the org's API budget, not for a sign-in. */
const waitsForBudget = (run: RunRecord) => run.status === 'waiting' && run.budgetStop !== undefined;

/** A run that could not start for want of a session: resumed when a sign-in appears. */
async function waiting(
  db: Database,
  orgId: string,
  trigger: RunRecord['trigger'],
  failure: Failure,
  now: number,
) {
  await db.put('runs', {
    ...newRun(orgId, trigger, now),
    status: 'waiting',
    errors: [{ code: failure.code, message: 'Nightly sync waiting for Salesforce sign-in' }],
  });
}

/** One org's reconcile, started or resumed; or a waiting run when the org cannot be reached. */
async function runOrg(
  { orgContext, managedPolicy, flushOutbox, now }: NightlyDeps,
  db: Database,
  orgId: string,
  instanceUrl: string,
  trigger: RunRecord['trigger'],
) {
  const ctx = await orgContext(instanceUrl);
  if ('ok' in ctx) {
    const open = (await db.getAll('runs')).find((r) => r.orgId === orgId && r.status === 'waiting');
    if (!open) await waiting(db, orgId, trigger, ctx, now());
    return;
  }
  // The outbox keeps whatever this flush could not send, and the run leaves it there
  // (`isQueued`): a flush that throws holds back neither this run nor the other orgs' runs.
  await flushOutbox().catch(() => undefined);
  const reconcileDeps = {
    db,
    conn: ctx.conn,
    orgId,
    instanceUrl,
    settings: ctx.settings,
    userId: await actingUserId(db, orgId, ctx.via),
    ...storedDescribes(db, ctx.conn, orgId, now),
    now,
    options: reconcileOptions(await managedPolicy()),
  };
  await reconcile(reconcileDeps, await startOrResumeRun(reconcileDeps, trigger));
}

/** The run's tuning: an administrator's Bulk threshold (policy) stands for reads and writes. */
function reconcileOptions(policy: ManagedPolicy): ReconcileOptions {
  const threshold = policy.bulkThreshold;
  return threshold === undefined
    ? DEFAULT_RECONCILE_OPTIONS
    : { ...DEFAULT_RECONCILE_OPTIONS, bulkThreshold: threshold, bulkWriteThreshold: threshold };
}

export function createNightly(deps: NightlyDeps): Nightly {
  const { database, effectiveSettings, alarms, keepAwake, now, updateBadge } = deps;
  let active: Promise<void> | null = null;

  async function orgsWithSyncOn(db: Database): Promise<OrgRecord[]> {
    const orgs = await db.getAll('orgs');
    const on = await Promise.all(
      orgs.map(async (o) => (await effectiveSettings(db, o.orgId)).settings.nightlySync),
    );
    // Orgs whose sync is off forget their due time: switched on again, they start afresh.
    await Promise.all(orgs.filter((_, i) => !on[i]).map((o) => db.delete('meta', dueKey(o.orgId))));
    return orgs.filter((_, i) => on[i]);
  }

  /** The plan for the orgs with the sync on: who runs now, every org's next time, the alarm. */
  async function plan(db: Database, orgs: readonly OrgRecord[], alarmFired: boolean) {
    const schedules = await Promise.all(
      orgs.map(async (o) => ({
        orgId: o.orgId,
        offsetMs: nightlyOffsetMs(o.orgId, o.userId),
        dueAt: await nextDueAt(db, o.orgId),
      })),
    );
    return nightlyPlan(now(), schedules, alarmFired);
  }

  /** Stores every org's next due time and sets the one alarm for the earliest. */
  async function setNextDue(db: Database, next: NightlyPlan): Promise<void> {
    for (const [orgId, dueAt] of Object.entries(next.dueAt)) {
      await db.put('meta', { key: dueKey(orgId), value: dueAt });
    }
    await db.delete('meta', LEGACY_DUE_KEY);
    if (next.alarmAt === null) return;
    const alarm = await alarms.get(NIGHTLY_ALARM);
    // Re-creating an alarm resets it, so it is only touched when it is missing or wrong.
    if (!alarm || Math.abs(alarm.scheduledTime - next.alarmAt) > 60_000) {
      await alarms.create(NIGHTLY_ALARM, { when: next.alarmAt });
    }
  }

  async function ensureNightlySchedule(): Promise<void> {
    const db = await database();
    const orgs = await orgsWithSyncOn(db);
    if (orgs.length === 0) {
      await alarms.clear(NIGHTLY_ALARM);
      await db.delete('meta', LEGACY_DUE_KEY);
      return;
    }
    const next = await plan(db, orgs, false);
    if (next.runNow.length > 0) {
      void scheduledRuns(false);
      return;
    }
    await setNextDue(db, next);
    await resumeCutOffRuns();
  }

  /** Runs `work` unless a run is under way already, with the watchdog alarm while it goes. */
  function exclusive(work: (db: Database) => Promise<void>): Promise<void> {
    if (active) return active;
    active = (async () => {
      const db = await database();
      await alarms.create(RESUME_ALARM, { periodInMinutes: 1 });
      try {
        await keepAwake(RUN_AWAKE_AT_MOST_MS, () => work(db));
      } finally {
        await alarms.clear(RESUME_ALARM);
        await updateBadge(db);
      }
    })().finally(() => {
      active = null;
    });
    return active;
  }

  /**
   * The alarm fired (or the worker found a time passed): every org whose time has come runs, one
   * after the other, and so does any whose time came while they ran; then the alarm is set for
   * the earliest next time.
   */
  function scheduledRuns(alarmFired: boolean): Promise<void> {
    return exclusive(async (db) => {
      let fired = alarmFired;
      for (;;) {
        const orgs = await orgsWithSyncOn(db);
        const next = await plan(db, orgs, fired);
        fired = false;
        // The next due times are set before the runs: a run that dies is resumed, never re-run.
        await setNextDue(db, next);
        if (next.runNow.length === 0) return;
        for (const org of orgs.filter((o) => next.runNow.includes(o.orgId))) {
          await runOrg(deps, db, org.orgId, org.instanceUrl, 'schedule');
        }
      }
    });
  }

  function runNightly(trigger: RunRecord['trigger'], onlyOrgId?: string): Promise<void> {
    if (trigger === 'schedule' && onlyOrgId === undefined) return scheduledRuns(true);
    return exclusive(async (db) => {
      for (const org of await orgsWithSyncOn(db)) {
        if (onlyOrgId && org.orgId !== onlyOrgId) continue;
        await runOrg(deps, db, org.orgId, org.instanceUrl, trigger);
      }
    });
  }

  async function resumeCutOffRuns(): Promise<void> {
    if (active) return;
    const db = await database();
    const first = (await db.getAll('runs')).find((r) => r.status === 'running');
    if (first) await runNightly(first.trigger, first.orgId);
  }

  async function resumeWaitingRuns(instanceUrl: string): Promise<void> {
    const db = await database();
    const org = (await db.getAll('orgs')).find((o) => o.instanceUrl === instanceUrl);
    if (!org) return;
    // A run stopped for the API budget goes on at the org's next time, not at a sign-in.
    const waitingRun = (await db.getAll('runs')).find(
      (r) => r.orgId === org.orgId && r.status === 'waiting' && !waitsForBudget(r),
    );
    if (waitingRun) await runNightly(waitingRun.trigger, org.orgId);
  }

  async function nightlyNextRunAt(orgId: string): Promise<number | null> {
    return nextDueAt(await database(), orgId);
  }

  return {
    ensureNightlySchedule,
    runNightly,
    resumeCutOffRuns,
    resumeWaitingRuns,
    nightlyNextRunAt,
  };
}

/** The runs of an org, newest first, for the options page's history. */
export async function runHistory(db: Database, orgId: string, limit = 20): Promise<RunRecord[]> {
  const runs = await db.getAllFromIndex(
    'runs',
    'orgStarted',
    IDBKeyRange.bound([orgId, 0], [orgId, Infinity]),
  );
  return runs.reverse().slice(0, limit);
}
