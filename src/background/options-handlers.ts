import type { Database } from '../lib/db/open';
import type { UnsubscribeRecord } from '../lib/db/schema';
import { getSettings } from '../lib/db/org-cache';
import {
  exportPage,
  getUnsubscribe,
  personUnsubscribes,
  removeUnsubscribe,
} from '../lib/db/unsubscribes';
import type { Failure } from '../lib/failure';
import {
  EXPORT_PAGE,
  type OptionsRequest,
  type OptionsResponseOf,
  type OrgsResponse,
} from '../lib/options-messages';
import { failureOf } from '../lib/salesforce/failure';
import type { OrgSettings } from '../lib/settings';
import { withLockedKept } from '../lib/settings-edit';
import { listItem, personRecordView, unsubscribeListPage } from '../lib/unsubscribe-list';
import { updateBadge } from './badge';
import { database } from './database';
import { fieldCheck } from './field-check';
import { handlerOf, type Handlers, type RequestOf } from './handler-map';
import { connect, disconnect } from './oauth';
import { orgContext } from './org-context';
import { runHistory } from './nightly';
import { orgs } from './org-views';
import { effectiveSettings, managedPolicy } from './policy';
import { retryFailed } from './record-actions';
import { ensureNightlySchedule, flush, nightlyNextRunAt, runNightly } from './services';
import { forgetRefusal } from './session-refusal';

const noOrg: Failure = { ok: false, code: 'unknown-org' };
const nightlyOff: Failure = {
  ok: false,
  code: 'salesforce',
  detail: 'Turn on the nightly unsubscribe sync first',
};

/** Saves what the page changed; settings the administrator's policy locks keep their stored value. */
async function saveSettings(db: Database, wanted: OrgSettings): Promise<OrgsResponse> {
  if (!(await db.get('orgs', wanted.orgId))) return noOrg;
  const [stored, { locked }] = await Promise.all([
    getSettings(db, wanted.orgId),
    effectiveSettings(db, wanted.orgId),
  ]);
  await db.put('settings', withLockedKept(stored, wanted, locked));
  return orgs(db);
}

/**
 * The unsubscribes Remove takes back together: the person's, when the org's unsubscribes belong
 * to the person (`sameEmail`, as the policy leaves it); else the record's alone.
 */
async function removable(
  db: Database,
  orgId: string,
  recordId: string,
): Promise<UnsubscribeRecord[]> {
  const { settings } = await effectiveSettings(db, orgId);
  if (settings.sameEmail) return personUnsubscribes(db, orgId, recordId);
  const record = await getUnsubscribe(db, orgId, recordId);
  return record ? [record] : [];
}

async function instanceOf(db: Database, orgId: string): Promise<string | null> {
  return (await db.get('orgs', orgId))?.instanceUrl ?? null;
}

/** The options page's requests, each answered with the response its type declares. */
const handlers: Handlers<OptionsRequest, OptionsResponseOf, [db: Database]> = {
  orgs: (_, db) => orgs(db),
  'settings-save': async ({ settings }, db) => {
    const saved = await saveSettings(db, settings);
    await ensureNightlySchedule();
    return saved;
  },
  'field-check': async ({ orgId }, db) => {
    const instanceUrl = await instanceOf(db, orgId);
    const ctx = instanceUrl ? await orgContext(instanceUrl) : noOrg;
    if ('ok' in ctx) return ctx;
    try {
      return { ok: true, objects: await fieldCheck(ctx) };
    } catch (error) {
      return failureOf(error);
    }
  },
  unsubscribes: (request, db) => unsubscribeListPage(db, request.orgId, request),
  'unsubscribes-export': async ({ orgId, search, state, after }, db) => {
    const page = await exportPage(db, orgId, { search, state, after, rows: EXPORT_PAGE });
    return { ok: true, items: page.items.map(listItem), next: page.next };
  },
  'unsubscribe-retry': async ({ orgId, recordId }, db) => {
    await retryFailed(db, await getUnsubscribe(db, orgId, recordId));
    return { ok: true };
  },
  'unsubscribe-person': async ({ orgId, recordId }, db) => {
    const records = await removable(db, orgId, recordId);
    return { ok: true, records: records.map(personRecordView) };
  },
  'unsubscribe-remove': async ({ orgId, recordIds }, db) => {
    // The options page has told the user what R6 asks before sending this. One after the other:
    // each removal adds its Id to the org's recheck list, which a parallel one would overwrite.
    for (const recordId of recordIds) await removeUnsubscribe(db, orgId, recordId);
    await updateBadge(db);
    return { ok: true };
  },
  connect: async ({ loginUrl, clientId }, db) => {
    const policy = await managedPolicy();
    const result = await connect(db, policy.loginUrl ?? loginUrl, policy.clientId ?? clientId);
    if ('ok' in result) return result;
    // What waited for a session (or was refused to the rep's own) goes now, through the
    // connection; a refusal of the rep's sid no longer says anything.
    await forgetRefusal(db, result.orgId);
    void flush({ renewedInstanceUrl: result.instanceUrl });
    return orgs(db);
  },
  disconnect: async ({ orgId }, db) => {
    await disconnect(db, orgId);
    return orgs(db);
  },
  runs: async ({ orgId }, db) => {
    const { settings } = await effectiveSettings(db, orgId);
    return {
      ok: true,
      nextRunAt: settings.nightlySync ? await nightlyNextRunAt(orgId) : null,
      runs: await runHistory(db, orgId),
    };
  },
  'run-now': async ({ orgId }, db) => {
    const { settings } = await effectiveSettings(db, orgId);
    if (!settings.nightlySync) return nightlyOff;
    // Not awaited: the page follows the run's progress through `runs`.
    void runNightly('manual', orgId);
    return { ok: true };
  },
};

/** Answers one validated request of the options page. */
export async function dispatchOptions<T extends OptionsRequest['type']>(
  request: RequestOf<OptionsRequest, T>,
): Promise<OptionsResponseOf[T]> {
  const db = await database();
  return handlerOf(handlers, request)(request, db);
}
