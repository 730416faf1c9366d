import 'fake-indexeddb/auto';
import { Connection } from 'jsforce';
import { openDatabase, type Database } from '../../src/lib/db/open';
import type { RunRecord, UnsubscribeRecord } from '../../src/lib/db/schema';
import {
  DEFAULT_RECONCILE_OPTIONS,
  reconcile,
  startOrResumeRun,
  type ReconcileDeps,
  type ReconcileOptions,
} from '../../src/lib/reconcile/run';
import { storedDescribes } from '../../src/lib/reconcile/describes';
import { API_VERSION } from '../../src/lib/salesforce/connection';
import { defaultSettings, type OrgSettings } from '../../src/lib/settings';
import { notPersonContactProperty } from '../../src/lib/unsubscribe-record';
import type { Emulator } from '../emulator/index';
import { trustEmulatorTls } from '../emulator/client-tls';

/** The reconcile core in Node: jsforce's Node build against the emulator, fake-indexeddb. */

// The bench uses this harness outside vitest's setup files too.
trustEmulatorTls();

export interface Harness {
  readonly db: Database;
  readonly conn: Connection;
  deps(patch?: Partial<ReconcileDeps>): ReconcileDeps;
  run(patch?: Partial<ReconcileDeps>): Promise<RunRecord>;
}

export async function harness(
  emu: Emulator,
  settings: Partial<OrgSettings> = {},
  options: Partial<ReconcileOptions> = {},
): Promise<Harness> {
  const db = await openDatabase(`reconcile-${Math.random()}`);
  const conn = new Connection({
    instanceUrl: emu.baseUrl,
    accessToken: emu.sessions.createSession(),
    version: API_VERSION,
  });
  const deps = (patch: Partial<ReconcileDeps> = {}): ReconcileDeps => ({
    db,
    conn: conn as unknown as ReconcileDeps['conn'],
    orgId: emu.orgId,
    instanceUrl: `https://${emu.myDomainHost}`,
    settings: { ...defaultSettings(emu.orgId), nightlySync: true, ...settings },
    // The emulated org's API user: every session is theirs.
    userId: emu.org.userId,
    // As the product keeps them: stored, a week old at most, dropped on a field problem.
    ...storedDescribes(db, conn as unknown as ReconcileDeps['conn'], emu.orgId, () => Date.now()),
    now: () => Date.now(),
    options: { ...DEFAULT_RECONCILE_OPTIONS, bulkPollMs: 50, ...options },
    ...patch,
  });
  return {
    db,
    conn,
    deps,
    async run(patch = {}) {
      const d = deps(patch);
      return reconcile(d, await startOrResumeRun(d, 'manual'));
    },
  };
}

/** A rep's click as the outbox stores it, not yet sent. */
export function clickRecord(
  emu: Emulator,
  recordId: string,
  object: UnsubscribeRecord['object'],
): UnsubscribeRecord {
  return {
    orgId: emu.orgId,
    recordId,
    object,
    name: '',
    email: null,
    instanceUrl: `https://${emu.myDomainHost}`,
    status: 'pending',
    fields: [object === 'Account' ? 'PersonHasOptedOutOfEmail' : 'HasOptedOutOfEmail'],
    setByClick: [],
    source: 'click',
    createdAt: 1,
    createdBy: 'rep',
    pageUrl: null,
    attempts: 0,
    outcomeUnknown: false,
    nextAttemptAt: null,
    lastError: null,
    confirmedAt: null,
    history: [],
    ...notPersonContactProperty(object),
  };
}

/**
 * A Contact unsubscribe as an earlier release stored it: without the mark that says it is no
 * person contact, so the next write checks it first.
 */
export function legacyClickRecord(emu: Emulator, recordId: string): UnsubscribeRecord {
  const record: { -readonly [K in keyof UnsubscribeRecord]: UnsubscribeRecord[K] } = clickRecord(
    emu,
    recordId,
    'Contact',
  );
  delete record.notPersonContact;
  return record;
}
