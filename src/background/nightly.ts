import type { Database } from '../lib/db/open';
import type { RunRecord } from '../lib/db/schema';
import type { ManagedPolicy } from '../lib/managed-policy';
import type { Failure } from '../lib/failure';
import { PERSON_KIND, type PersonKind } from '../lib/person-kinds';
import {
  DEFAULT_RECONCILE_OPTIONS,
  newRun,
  reconcile,
  startOrResumeRun,
} from '../lib/reconcile/run';
import { getFreshDescribe } from '../lib/db/org-cache';
import { nightlyDue } from '../lib/nightly-due';
import { nextNightlyRun } from '../lib/schedule';
import type { OrgSettings } from '../lib/settings';
import { describeFor } from './describe-cache';
// Types only: like the outbox, the schedule stays importable where the extension APIs are not.
import type { Alarms } from './extension-api';
import type { OrgContext } from './org-context';

/**
 * The nightly reconcile's schedule (SPEC R4): one alarm at the next 20:00 America/Los_Angeles,
 * computed afresh after every run (so both DST changes are followed), a run missed while the
 * browser was closed or asleep done once at the next start, and a one-minute watchdog while a run
 * is under way that resumes it from its checkpoint if the service worker was stopped.
 */
export const NIGHTLY_ALARM = 'nightly';
export const RESUME_ALARM = 'nightly-resume';
const NEXT_DUE_KEY = 'nightlyNextDueAt';

/** What the schedule needs from the world; the service worker wires the real ones. */
export interface NightlyDeps {
  readonly database: () => Promise<Database>;
  /** How to reach an org: its session, connection and settings, or why there is none. */
  readonly orgContext: (instanceUrl: string) => Promise<OrgContext | Failure>;
  /** An org's settings with the administrator's policy applied. */
  readonly effectiveSettings: (db: Database, orgId: string) => Promise<{ settings: OrgSettings }>;
  readonly managedPolicy: () => Promise<ManagedPolicy>;
  readonly alarms: Alarms;
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
  nightlyNextRunAt(): Promise<number | null>;
}

async function nextDueAt(db: Database): Promise<number | null> {
  const stored = (await db.get('meta', NEXT_DUE_KEY))?.value;
  return typeof stored === 'number' ? stored : null;
}

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
  { orgContext, managedPolicy, now }: NightlyDeps,
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
  const reconcileDeps = {
    db,
    conn: ctx.conn,
    orgId,
    instanceUrl,
    settings: ctx.settings,
    // The day's cached describe when there is one (the field check and the card refresh it).
    describe: async (kind: PersonKind, countCall: () => void) => {
      const object = PERSON_KIND[kind].object;
      const cached = await getFreshDescribe(db, orgId, object, now());
      if (cached) return cached;
      countCall();
      return describeFor(ctx, object);
    },
    now,
    options: {
      ...DEFAULT_RECONCILE_OPTIONS,
      bulkThreshold:
        (await managedPolicy()).bulkThreshold ?? DEFAULT_RECONCILE_OPTIONS.bulkThreshold,
    },
  };
  await reconcile(reconcileDeps, await startOrResumeRun(reconcileDeps, trigger));
}

export function createNightly(deps: NightlyDeps): Nightly {
  const { database, effectiveSettings, alarms, now, updateBadge } = deps;
  let active: Promise<void> | null = null;

  async function orgsWithSyncOn(db: Database): Promise<{ orgId: string; instanceUrl: string }[]> {
    const orgs = await db.getAll('orgs');
    const on = await Promise.all(
      orgs.map(async (o) => (await effectiveSettings(db, o.orgId)).settings.nightlySync),
    );
    return orgs.filter((_, i) => on[i]);
  }

  async function setNextDue(db: Database, dueAt: number): Promise<void> {
    await db.put('meta', { key: NEXT_DUE_KEY, value: dueAt });
    const alarm = await alarms.get(NIGHTLY_ALARM);
    // Re-creating an alarm resets it, so it is only touched when it is missing or wrong.
    if (!alarm || Math.abs(alarm.scheduledTime - dueAt) > 60_000) {
      await alarms.create(NIGHTLY_ALARM, { when: dueAt });
    }
  }

  async function ensureNightlySchedule(): Promise<void> {
    const db = await database();
    if ((await orgsWithSyncOn(db)).length === 0) {
      await alarms.clear(NIGHTLY_ALARM);
      await db.delete('meta', NEXT_DUE_KEY);
      return;
    }
    const { runNow, dueAt } = nightlyDue(now(), await nextDueAt(db));
    if (runNow) {
      void runNightly('schedule');
      return;
    }
    await setNextDue(db, dueAt);
    await resumeCutOffRuns();
  }

  function runNightly(trigger: RunRecord['trigger'], onlyOrgId?: string): Promise<void> {
    if (active) return active;
    active = (async () => {
      const db = await database();
      // The next due time is set before the run: a run that dies is resumed, never re-run.
      if (trigger === 'schedule')
        await setNextDue(db, nextNightlyRun(new Date(now() + 60_000)).getTime());
      await alarms.create(RESUME_ALARM, { periodInMinutes: 1 });
      try {
        for (const org of await orgsWithSyncOn(db)) {
          if (onlyOrgId && org.orgId !== onlyOrgId) continue;
          await runOrg(deps, db, org.orgId, org.instanceUrl, trigger);
        }
      } finally {
        await alarms.clear(RESUME_ALARM);
        await updateBadge(db);
      }
    })().finally(() => {
      active = null;
    });
    return active;
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
    const waitingRun = (await db.getAll('runs')).find(
      (r) => r.orgId === org.orgId && r.status === 'waiting',
    );
    if (waitingRun) await runNightly(waitingRun.trigger, org.orgId);
  }

  async function nightlyNextRunAt(): Promise<number | null> {
    return nextDueAt(await database());
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
