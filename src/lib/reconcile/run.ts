import type { Connection } from 'jsforce/core';
import type { Database } from '../db/open';
import type {
  RunError,
  RunRecord,
  RunStats,
  SyncStateRecord,
  UnsubscribeRecord,
} from '../db/schema';
import type { Failure } from '../failure';
import { chosenFields } from '../opt-out-fields';
import { bulkQuery, bulkSetTrue } from '../salesforce/bulk2';
import type { ObjectDescribe } from '../salesforce/describe';
import { failureOf, failureOfCode, isTransient } from '../salesforce/failure';
import { COLLECTION_LIMIT, writeOptOuts } from '../salesforce/opt-out-writes';
import { PERSON_KINDS, type OrgSettings, type PersonKind } from '../settings';
import { afterSalesforceRead, fieldsToWrite, importedUnsubscribe } from './diff';
import { KIND_SOURCE, kindOfObject } from './kinds';
import { importCountSoql, importSoql, QUERY_PAGE } from './queries';

/**
 * The nightly reconcile of one org (SPEC R1, R5, R6): read what Salesforce has opted out into
 * the store, then set in Salesforce every stored unsubscribe it lacks. Never writes `false`,
 * never deletes a stored unsubscribe. Progress is checkpointed after every page and batch, so a
 * run cut off with its service worker resumes where it stopped instead of starting again.
 */

export interface ReconcileOptions {
  /** Above this many records to read or write, Bulk API 2.0 is used instead of REST pages. */
  readonly bulkThreshold: number;
  /** Rows per Bulk API 2.0 result page. */
  readonly bulkPageSize: number;
  readonly bulkPollMs: number;
  /** Reads start this much before the last run's start: SystemModstamp is not a perfect clock. */
  readonly watermarkOverlapMs: number;
}

export const DEFAULT_RECONCILE_OPTIONS: ReconcileOptions = {
  bulkThreshold: 10_000,
  bulkPageSize: 50_000,
  bulkPollMs: 2_000,
  watermarkOverlapMs: 5 * 60_000,
};

export interface ReconcileDeps {
  readonly db: Database;
  readonly conn: Connection;
  readonly orgId: string;
  readonly instanceUrl: string;
  readonly settings: OrgSettings;
  /** A describe of the kind's object; calls `countCall` when it costs an API request. */
  readonly describe: (kind: PersonKind, countCall: () => void) => Promise<ObjectDescribe>;
  readonly now: () => number;
  readonly options: ReconcileOptions;
  /** Told of every checkpoint: the options page's progress bar. */
  readonly onProgress?: (run: RunRecord) => void | Promise<void>;
}

/** Thrown to stop a run that cannot go on now (no session, limit reached); it is resumable. */
class RunStopped extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail ?? failure.code);
  }
}

const MAX_RUN_ERRORS = 100;
/** Stored unsubscribes read per IndexedDB request while looking for what Salesforce lacks. */
const SCAN_CHUNK = 2000;

interface WorkItem {
  readonly record: UnsubscribeRecord;
  /** The chosen fields Salesforce is not known to have set on this record. */
  readonly missing: string[];
}
/** A whole-request failure of a batch is tried again this often before the run stops. */
const BATCH_TRIES = 3;

function fieldsSignature(plans: ReadonlyMap<PersonKind, readonly string[]>): string {
  return PERSON_KINDS.map((k) => `${k}:${(plans.get(k) ?? []).join('+')}`).join(';');
}

const emptyStats = (): RunStats => ({
  read: 0,
  written: 0,
  imported: 0,
  skipped: 0,
  failed: 0,
  apiCalls: 0,
  apiRemaining: null,
});

/** A run record as it starts: nothing read, written or checkpointed yet. */
export function newRun(orgId: string, trigger: RunRecord['trigger'], now: number): RunRecord {
  return {
    id: `${orgId}:${now}`,
    orgId,
    trigger,
    startedAt: now,
    endedAt: null,
    status: 'running',
    phase: 'requirements',
    progress: { done: 0, total: null },
    stats: emptyStats(),
    errors: [],
    skippedObjects: [],
    checkpoint: { kindIndex: 0, afterId: null },
    heartbeatAt: now,
    fullPass: true,
    readFrom: null,
  };
}

/** A new run, or the one a cut-off worker left running for this org. */
export async function startOrResumeRun(
  deps: ReconcileDeps,
  trigger: RunRecord['trigger'],
): Promise<RunRecord> {
  const running = await deps.db.getAllFromIndex(
    'runs',
    'orgStarted',
    IDBKeyRange.bound([deps.orgId, 0], [deps.orgId, Infinity]),
  );
  const cutOff = running.find((r) => r.status === 'running' || r.status === 'waiting');
  if (cutOff) return cutOff;
  const run = newRun(deps.orgId, trigger, deps.now());
  await deps.db.put('runs', run);
  return run;
}

/** Runs (or resumes) a run to its end and returns its history entry. */
export async function reconcile(deps: ReconcileDeps, start: RunRecord): Promise<RunRecord> {
  let run: RunRecord = { ...start, status: 'running' };
  const errors: RunError[] = [...run.errors];
  let stats: RunStats = run.stats;
  const calls = {
    count: () => {
      stats = { ...stats, apiCalls: stats.apiCalls + 1 };
    },
  };
  const save = async (patch: Partial<RunRecord>) => {
    const remaining = deps.conn.limitInfo?.apiUsage;
    if (remaining) stats = { ...stats, apiRemaining: remaining.limit - remaining.used };
    run = {
      ...run,
      ...patch,
      stats,
      errors: errors.slice(0, MAX_RUN_ERRORS),
      heartbeatAt: deps.now(),
    };
    await deps.db.put('runs', run);
    await deps.onProgress?.(run);
  };
  const add = (
    delta: Partial<Pick<RunStats, 'read' | 'written' | 'imported' | 'skipped' | 'failed'>>,
  ) => {
    stats = {
      ...stats,
      read: stats.read + (delta.read ?? 0),
      written: stats.written + (delta.written ?? 0),
      imported: stats.imported + (delta.imported ?? 0),
      skipped: stats.skipped + (delta.skipped ?? 0),
      failed: stats.failed + (delta.failed ?? 0),
    };
  };

  try {
    // 1. Requirements (R1): the chosen fields exist and are editable on each object.
    const plans = new Map<PersonKind, readonly string[]>();
    const skippedObjects: { kind: string; reason: string }[] = [];
    for (const kind of PERSON_KINDS) {
      const describe = await deps.describe(kind, calls.count);
      if (kind === 'PersonAccount' && !describe.fields.some((f) => f.name === 'IsPersonAccount'))
        continue;
      const plan = chosenFields(kind, deps.settings, describe);
      if (plan.problems.length > 0) {
        skippedObjects.push({
          kind,
          reason: plan.problems.map((p) => `${p.label || p.field}: ${p.reason}`).join('; '),
        });
        continue;
      }
      plans.set(
        kind,
        plan.fields.map((f) => f.name),
      );
    }
    const state = await deps.db.get('syncState', deps.orgId);
    const signature = fieldsSignature(plans);
    if (run.phase === 'requirements') {
      const fullPass = !state?.watermark || state.fieldsSignature !== signature;
      await save({
        phase: 'import',
        skippedObjects,
        fullPass,
        readFrom: fullPass ? null : (state?.watermark ?? null),
      });
    }

    // 2. Salesforce -> extension.
    const kinds = [...plans.keys()];
    if (run.phase === 'import') {
      for (let k = run.checkpoint.kindIndex; k < kinds.length; k++) {
        const kind = kinds[k] as PersonKind;
        const fields = plans.get(kind) ?? [];
        await importKind(kind, fields, k);
      }
      await importRecheck(state, kinds, plans);
      await save({
        phase: 'export',
        checkpoint: { kindIndex: 0, afterId: null },
        progress: { done: 0, total: null },
      });
    }

    // 3. Extension -> Salesforce.
    if (run.phase === 'export') await exportAll(plans);

    const endedAt = deps.now();
    await deps.db.put('syncState', {
      orgId: deps.orgId,
      watermark: new Date(run.startedAt - deps.options.watermarkOverlapMs)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      fieldsSignature: signature,
      recheckIds: [],
    });
    await save({ status: 'done', phase: 'done', endedAt });
    return run;
  } catch (error) {
    const failure = error instanceof RunStopped ? error.failure : failureOf(error);
    errors.push({
      code: failure.errorCode ?? failure.code,
      message: failure.detail ?? failure.code,
    });
    // A run stopped for want of a session waits for one; anything else ends it, checkpoint kept.
    const waiting = failure.code === 'session-expired' || failure.code === 'no-session';
    await save({ status: waiting ? 'waiting' : 'failed', endedAt: waiting ? null : deps.now() });
    return run;
  }

  async function applyImported(
    kind: PersonKind,
    fields: readonly string[],
    rows: Record<string, unknown>[],
  ) {
    const tx = deps.db.transaction('unsubscribes', 'readwrite');
    const now = deps.now();
    let imported = 0;
    await Promise.all([
      ...rows.map(async (row) => {
        const id = String(row.Id);
        const setFields = fields.filter((f) => row[f] === true || row[f] === 'true');
        const existing = await tx.store.get([deps.orgId, id]);
        const next = afterSalesforceRead(existing, setFields, run.id, now);
        if (next === 'nothing') return;
        if (next === 'import') {
          imported += 1;
          await tx.store.put(importedRecord(kind, id, row, setFields, existing, now));
          return;
        }
        await tx.store.put(next);
      }),
      tx.done,
    ]);
    add({ read: rows.length, imported });
  }

  function importedRecord(
    kind: PersonKind,
    id: string,
    row: Record<string, unknown>,
    setFields: string[],
    existing: UnsubscribeRecord | undefined,
    now: number,
  ): UnsubscribeRecord {
    const source = KIND_SOURCE[kind];
    const email = row[source.email];
    const optOut = {
      orgId: deps.orgId,
      instanceUrl: deps.instanceUrl,
      recordId: id,
      object: source.object,
      name: typeof row.Name === 'string' ? row.Name : '',
      email: typeof email === 'string' && email !== '' ? email : null,
      setFields,
    };
    return importedUnsubscribe(optOut, existing?.history ?? [], run.id, now);
  }

  async function importKind(kind: PersonKind, fields: readonly string[], kindIndex: number) {
    const since = run.fullPass ? null : run.readFrom;
    let afterId = run.checkpoint.kindIndex === kindIndex ? run.checkpoint.afterId : null;
    // Only a full pass can be large enough for Bulk API 2.0; an incremental one reads what
    // changed since the last night, in REST pages, without a COUNT() first.
    if (afterId === null && since === null) {
      calls.count();
      const count = await deps.conn.query(importCountSoql({ kind, fields, since }));
      await save({ progress: { done: 0, total: count.totalSize } });
      if (count.totalSize > deps.options.bulkThreshold) {
        await bulkQuery(
          deps.conn,
          importSoql({ kind, fields, since, afterId: null }).replace(/ LIMIT \d+$/, ''),
          calls,
          async (rows) => {
            // A bulk page is large: one IndexedDB transaction per query-page-sized slice keeps
            // the requests in flight, and memory, bounded.
            for (let i = 0; i < rows.length; i += QUERY_PAGE) {
              await applyImported(kind, fields, rows.slice(i, i + QUERY_PAGE));
            }
            await save({
              progress: { done: run.progress.done + rows.length, total: run.progress.total },
            });
          },
          { pageSize: deps.options.bulkPageSize, pollMs: deps.options.bulkPollMs },
        );
        await save({ checkpoint: { kindIndex: kindIndex + 1, afterId: null } });
        return;
      }
    }
    for (;;) {
      calls.count();
      const page = await deps.conn.query<Record<string, unknown>>(
        importSoql({ kind, fields, since, afterId }),
      );
      await applyImported(kind, fields, page.records);
      afterId = (page.records.at(-1)?.Id as string | undefined) ?? afterId;
      await save({
        checkpoint: { kindIndex, afterId },
        progress: { done: run.progress.done + page.records.length, total: run.progress.total },
      });
      if (page.records.length < QUERY_PAGE) break;
    }
    await save({ checkpoint: { kindIndex: kindIndex + 1, afterId: null } });
  }

  /** R6: records removed from the extension since the last run are read again by Id. */
  async function importRecheck(
    state: SyncStateRecord | undefined,
    kinds: PersonKind[],
    plans: ReadonlyMap<PersonKind, readonly string[]>,
  ) {
    const ids = state?.recheckIds ?? [];
    if (ids.length === 0 || run.fullPass) return;
    for (const kind of kinds) {
      const prefix =
        KIND_SOURCE[kind].object === 'Account' ? '001' : kind === 'Contact' ? '003' : '00Q';
      const mine = ids.filter((id) => id.startsWith(prefix));
      for (let i = 0; i < mine.length; i += 200) {
        calls.count();
        const fields = plans.get(kind) ?? [];
        const page = await deps.conn.query<Record<string, unknown>>(
          importSoql({ kind, fields, since: null, afterId: null, ids: mine.slice(i, i + 200) }),
        );
        await applyImported(kind, fields, page.records);
      }
    }
  }

  /**
   * Reads the store in chunks (no transaction is held across a request) and collects the
   * records Salesforce lacks. Up to the bulk threshold they go in Collections requests of 200;
   * past it, everything goes through Bulk API 2.0 jobs of at most one bulk page each.
   */
  async function exportAll(plans: ReadonlyMap<PersonKind, readonly string[]>) {
    let afterId = run.checkpoint.afterId;
    let buffered: WorkItem[] = [];
    let bulkMode = false;
    for (;;) {
      const chunk = await deps.db.getAll(
        'unsubscribes',
        IDBKeyRange.bound([deps.orgId, afterId ?? ''], [deps.orgId, '\uffff'], afterId !== null),
        SCAN_CHUNK,
      );
      for (const record of chunk) {
        const missing = fieldsToWrite(
          record,
          plans.get(kindOfObject(record.object)),
          run.fullPass,
          run.id,
        );
        if (missing === 'skip') {
          add({ skipped: 1 });
          continue;
        }
        if (missing.length > 0) buffered.push({ record, missing: [...missing] });
      }
      const done = chunk.length < SCAN_CHUNK;
      afterId = chunk.at(-1)?.recordId ?? afterId;
      bulkMode ||= buffered.length > deps.options.bulkThreshold;
      if (bulkMode && (buffered.length >= deps.options.bulkPageSize || done)) {
        await sendBulk(buffered, plans);
        buffered = [];
        await save({ checkpoint: { kindIndex: 0, afterId } });
      }
      if (done) break;
    }
    await save({ progress: { done: 0, total: buffered.length } });
    for (let i = 0; i < buffered.length; i += COLLECTION_LIMIT) {
      const batch = buffered.slice(i, i + COLLECTION_LIMIT);
      await sendCollection(batch, plans);
      await save({
        checkpoint: { kindIndex: 0, afterId: batch.at(-1)?.record.recordId ?? afterId },
        progress: { done: i + batch.length, total: buffered.length },
      });
    }
  }

  async function recordOutcomes(
    outcomes: { item: WorkItem; failure: Failure | null }[],
    plans: ReadonlyMap<PersonKind, readonly string[]>,
  ) {
    const now = deps.now();
    const tx = deps.db.transaction('unsubscribes', 'readwrite');
    await Promise.all([
      ...outcomes.map(({ item, failure }) => {
        const r = item.record;
        if (!failure) {
          add({ written: 1 });
          const fields = plans.get(kindOfObject(r.object)) ?? [];
          return tx.store.put({
            ...r,
            syncedFields: fields,
            seenByRun: run.id,
            ...(r.status === 'pending'
              ? {
                  status: 'confirmed' as const,
                  nextAttemptAt: null,
                  confirmedAt: now,
                  lastError: null,
                }
              : {}),
          });
        }
        add({ failed: 1 });
        errors.push({
          recordId: r.recordId,
          code: failure.errorCode ?? failure.code,
          message: failure.detail ?? failure.code,
        });
        // A permanent failure is kept with its reason and not tried again by later runs until
        // a person asks; a transient one is simply tried again by the next run.
        if (isTransient(failure.code)) return Promise.resolve();
        return tx.store.put({
          ...r,
          status: 'failed',
          lastError: failure,
          nextAttemptAt: null,
          history: [
            ...r.history,
            {
              at: now,
              who: 'Salesforce',
              action: 'failed',
              detail: failure.detail ?? failure.code,
            },
          ],
        });
      }),
      tx.done,
    ]);
  }

  async function sendCollection(
    items: WorkItem[],
    plans: ReadonlyMap<PersonKind, readonly string[]>,
  ) {
    for (let attempt = 1; ; attempt++) {
      calls.count();
      const results = await writeOptOuts(
        deps.conn,
        items.map(({ record, missing }) => ({
          recordId: record.recordId,
          object: record.object,
          fields: missing,
          value: true,
        })),
      );
      // A whole-request failure (session, limit, outage) comes back as one failure per record.
      const first = results[0];
      const whole = results.every(
        (r) => !r.ok && first && !first.ok && r.failure.code === first.failure.code,
      );
      if (whole && first && !first.ok && isTransient(first.failure.code)) {
        if (
          first.failure.code === 'session-expired' ||
          first.failure.code === 'no-session' ||
          attempt >= BATCH_TRIES
        ) {
          throw new RunStopped(first.failure);
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
        continue;
      }
      await recordOutcomes(
        items.map((item, i) => {
          const result = results[i];
          return { item, failure: result && !result.ok ? result.failure : null };
        }),
        plans,
      );
      return;
    }
  }

  /** One ingest job per object and set of missing fields. */
  async function sendBulk(items: WorkItem[], plans: ReadonlyMap<PersonKind, readonly string[]>) {
    const groups = new Map<string, WorkItem[]>();
    for (const item of items) {
      const key = `${item.record.object}|${item.missing.join(',')}`;
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    for (const group of groups.values()) {
      const first = group[0];
      if (!first) continue;
      const failedRows = await bulkSetTrue(
        deps.conn,
        first.record.object,
        first.missing,
        group.map((i) => i.record.recordId),
        calls,
        deps.options.bulkPollMs,
      );
      const failedById = new Map(failedRows.map((f) => [f.id, f.error]));
      await recordOutcomes(
        group.map((item) => {
          const error = failedById.get(item.record.recordId);
          if (error === undefined) return { item, failure: null };
          const [code = '', ...rest] = error.split(':');
          return { item, failure: failureOfCode(code.trim(), rest.join(':').trim() || error) };
        }),
        plans,
      );
      await save({
        progress: { done: run.progress.done + group.length, total: run.progress.total },
      });
    }
  }
}
