import 'fake-indexeddb/auto';
import { Connection } from 'jsforce';
import type { Connection as CoreConnection } from 'jsforce/core';
import type { AlarmSchedule, Alarms, ScheduledAlarm } from '../../src/background/extension-api';
import type { OrgContext } from '../../src/background/org-context';
import {
  createOutbox,
  OUTBOX_ALARM,
  type Outbox,
  type RetryTimer,
} from '../../src/background/outbox';
import { serialQueue } from '../../src/background/serial';
import { openDatabase, type Database } from '../../src/lib/db/open';
import type { UnsubscribeRecord } from '../../src/lib/db/schema';
import { getUnsubscribe, putUnsubscribes } from '../../src/lib/db/unsubscribes';
import { API_VERSION } from '../../src/lib/salesforce/connection';
import { defaultSettings } from '../../src/lib/settings';
import { clicked } from '../../src/lib/unsubscribe-record';
import type { Emulator } from '../emulator/index';
import { trustEmulatorTls } from '../emulator/client-tls';

/**
 * The outbox in Node, as the service worker wires it but over the emulator: jsforce's Node build,
 * fake-indexeddb, an in-memory alarm table and a clock the test moves. Each `worker()` is a new
 * service-worker life: a fresh outbox and job queue over the same database.
 */

// The bench uses this harness outside vitest's setup files too.
trustEmulatorTls();

/** The alarms API as Chrome keeps it, without ever firing: the test fires what it wants. */
class MemoryAlarms implements Alarms {
  private readonly alarms = new Map<string, ScheduledAlarm>();

  get(name: string): Promise<ScheduledAlarm | undefined> {
    return Promise.resolve(this.alarms.get(name));
  }

  create(name: string, schedule: AlarmSchedule): Promise<void> {
    const scheduledTime =
      'when' in schedule ? schedule.when : Date.now() + schedule.periodInMinutes * 60_000;
    this.alarms.set(name, { name, scheduledTime });
    return Promise.resolve();
  }

  clear(name: string): Promise<boolean> {
    return Promise.resolve(this.alarms.delete(name));
  }
}

/** The worker's retry timer, never firing by itself: the test fires it, at its time. */
class MemoryRetryTimer implements RetryTimer {
  pending: { readonly delayMs: number; readonly run: () => Promise<void> } | null = null;

  set(delayMs: number, run: () => Promise<void>): void {
    this.pending = { delayMs, run };
  }

  clear(): void {
    this.pending = null;
  }
}

/** How a worker reaches the org: the real connection, or one a test cuts off mid-request. */
export type Wiring = (conn: CoreConnection) => CoreConnection;

export interface OutboxHarness {
  readonly db: Database;
  readonly alarms: Alarms;
  readonly retryTimer: MemoryRetryTimer;
  /** Milliseconds since the epoch, as the outbox sees them. */
  now(): number;
  setNow(time: number): void;
  /** A new service-worker life over the same database (and the same org). */
  worker(wiring?: Wiring): Outbox;
  /** The rep signed in again: workers made from now on use this new `sid`. */
  renewSession(token: string): void;
  /** A rep's click on a Contact, saved as the click handler saves it (not yet sent). */
  click(recordId: string): Promise<void>;
  stored(recordId: string): Promise<UnsubscribeRecord | undefined>;
}

export async function outboxHarness(emu: Emulator): Promise<OutboxHarness> {
  const db = await openDatabase(`outbox-${Math.random()}`);
  const alarms = new MemoryAlarms();
  const retryTimer = new MemoryRetryTimer();
  const instanceUrl = `https://${emu.myDomainHost}`;
  let session = { instanceUrl, accessToken: emu.sessions.createSession(), orgId: emu.orgId };
  const settings = defaultSettings(emu.orgId);
  let time = Date.now();
  const now = () => time;

  function worker(wiring: Wiring = (conn) => conn): Outbox {
    const conn = new Connection({
      instanceUrl: emu.baseUrl,
      accessToken: session.accessToken,
      version: API_VERSION,
    }) as unknown as CoreConnection;
    const ctx: OrgContext = { session, conn: wiring(conn), db, settings };
    return createOutbox({
      database: () => Promise.resolve(db),
      orgContext: (url) =>
        Promise.resolve(url === instanceUrl ? ctx : { ok: false, code: 'unknown-org' }),
      alarms,
      exclusive: serialQueue(),
      // Node has no browser to stop the work.
      keepAwake: (_atMost, work) => work(),
      now,
      retryTimer,
      updateBadge: () => Promise.resolve(),
    });
  }

  return {
    db,
    alarms,
    retryTimer,
    now,
    setNow: (t) => {
      time = t;
    },
    worker,
    renewSession(token) {
      session = { ...session, accessToken: token };
    },
    async click(recordId) {
      const record = clicked(
        {
          orgId: emu.orgId,
          recordId,
          object: 'Contact',
          name: '',
          email: null,
          instanceUrl,
          fields: ['HasOptedOutOfEmail'],
          setByClick: ['HasOptedOutOfEmail'],
          who: 'rep',
          pageUrl: emu.recordUrl(recordId),
        },
        undefined,
        now(),
      );
      await putUnsubscribes(db, [record]);
    },
    stored: (recordId) => getUnsubscribe(db, emu.orgId, recordId),
  };
}

/** What the service worker's ALARMS table does when the retry alarm fires, at its time. */
export async function fireOutboxAlarm(h: OutboxHarness, outbox: Outbox): Promise<void> {
  const alarm = await h.alarms.get(OUTBOX_ALARM);
  if (!alarm) throw new Error('no outbox alarm is set');
  h.setNow(alarm.scheduledTime);
  await outbox.flush({ retryAll: true });
}

/** What the awake worker does when its quick-retry timer fires, at its time. */
export async function fireRetryTimer(h: OutboxHarness): Promise<void> {
  const timer = h.retryTimer.pending;
  if (!timer) throw new Error('no retry timer is set');
  h.retryTimer.clear();
  h.setNow(h.now() + timer.delayMs);
  await timer.run();
}
