import type { Database } from '../lib/db/open';
import { getSettings } from '../lib/db/org-cache';
import type { UnsubscribeRecord } from '../lib/db/schema';
import { getUnsubscribe, listUnsubscribes } from '../lib/db/unsubscribes';
import type { Failure } from '../lib/failure';
import type {
  ConnectDefaults,
  OptionsRequest,
  OrgsResponse,
  OrgView,
  UnsubscribeListItem,
} from '../lib/options-messages';
import { failureOf } from '../lib/salesforce/failure';
import type { OrgSettings } from '../lib/settings';
import { updateBadge } from './badge';
import { database } from './database';
import { fieldCheck } from './field-check';
import { connect, disconnect } from './oauth';
import { orgContext } from './org-context';
import { ensureNightlySchedule, nightlyNextRunAt, runHistory, runNightly } from './nightly';
import { effectiveSettings, managedPolicy } from './policy';
import { retryFailed } from './record-actions';
import { sessionFor } from './session';

const noOrg: Failure = { ok: false, code: 'unknown-org' };
const nightlyOff: Failure = {
  ok: false,
  code: 'salesforce',
  detail: 'Turn on the nightly unsubscribe sync first',
};

async function orgView(
  db: Database,
  orgId: string,
  instanceUrl: string,
  userName: string | null,
): Promise<OrgView> {
  const [connection, session, effective] = await Promise.all([
    db.get('connections', orgId),
    sessionFor(instanceUrl),
    effectiveSettings(db, orgId),
  ]);
  return {
    orgId,
    instanceUrl,
    userName,
    connection: connection
      ? { kind: 'oauth', userName: connection.userName }
      : { kind: session ? 'session' : 'none', userName },
    settings: effective.settings,
    locked: effective.locked,
  };
}

async function orgs(db: Database): Promise<OrgsResponse> {
  const [seen, policy] = await Promise.all([db.getAll('orgs'), managedPolicy()]);
  const connectDefaults: ConnectDefaults = {
    loginUrl: policy.loginUrl ?? null,
    clientId: policy.clientId ?? null,
    locked: policy.loginUrl !== undefined || policy.clientId !== undefined,
  };
  const views = await Promise.all(seen.map((o) => orgView(db, o.orgId, o.instanceUrl, o.userName)));
  return { ok: true, orgs: views, connectDefaults };
}

/** Saves what the page changed; settings the administrator's policy locks keep their stored value. */
async function saveSettings(db: Database, wanted: OrgSettings): Promise<OrgsResponse> {
  if (!(await db.get('orgs', wanted.orgId))) return noOrg;
  const [stored, { locked }] = await Promise.all([
    getSettings(db, wanted.orgId),
    effectiveSettings(db, wanted.orgId),
  ]);
  const saved: OrgSettings = {
    orgId: wanted.orgId,
    nightlySync: locked.includes('nightlySync') ? stored.nightlySync : wanted.nightlySync,
    fieldChoice: locked.includes('fieldChoice') ? stored.fieldChoice : wanted.fieldChoice,
    perObject: locked.includes('perObject') ? stored.perObject : wanted.perObject,
    marketoApiName: locked.includes('marketoApiName')
      ? stored.marketoApiName
      : wanted.marketoApiName,
  };
  await db.put('settings', saved);
  return orgs(db);
}

/** The Lightning page of a record, from its org's My Domain instance URL. */
function recordUrl(record: UnsubscribeRecord): string {
  const lightning = record.instanceUrl.replace(/\.my\.salesforce\.com$/, '.lightning.force.com');
  return `${lightning}/lightning/r/${record.object}/${record.recordId}/view`;
}

function listItem(record: UnsubscribeRecord): UnsubscribeListItem {
  return {
    orgId: record.orgId,
    recordId: record.recordId,
    object: record.object,
    name: record.name,
    email: record.email,
    status: record.status,
    source: record.source,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    lastError: record.lastError,
    recordUrl: recordUrl(record),
    history: record.history,
  };
}

async function instanceOf(db: Database, orgId: string): Promise<string | null> {
  return (await db.get('orgs', orgId))?.instanceUrl ?? null;
}

/** Answers one validated request of the options page. */
export async function handleOptions(request: OptionsRequest): Promise<unknown> {
  const db = await database();
  switch (request.type) {
    case 'orgs':
      return orgs(db);
    case 'settings-save': {
      const saved = await saveSettings(db, request.settings);
      await ensureNightlySchedule();
      return saved;
    }
    case 'field-check': {
      const instanceUrl = await instanceOf(db, request.orgId);
      const ctx = instanceUrl ? await orgContext(instanceUrl) : noOrg;
      if ('ok' in ctx) return ctx;
      try {
        return { ok: true, objects: await fieldCheck(ctx) };
      } catch (error) {
        return failureOf(error);
      }
    }
    case 'unsubscribes': {
      const { items, total } = await listUnsubscribes(db, request.orgId, request);
      return { ok: true, items: items.map(listItem), total };
    }
    case 'unsubscribe-retry': {
      await retryFailed(db, await getUnsubscribe(db, request.orgId, request.recordId));
      return { ok: true };
    }
    case 'unsubscribe-remove': {
      // R6: gone from the extension only; the options page has told the user that the next
      // nightly run brings it back unless the field is unchecked in Salesforce too, so that run
      // reads it again whatever its SystemModstamp.
      await db.delete('unsubscribes', [request.orgId, request.recordId]);
      const state = await db.get('syncState', request.orgId);
      if (state)
        await db.put('syncState', {
          ...state,
          recheckIds: [...state.recheckIds, request.recordId],
        });
      await updateBadge(db);
      return { ok: true };
    }
    case 'connect': {
      const policy = await managedPolicy();
      const result = await connect(
        db,
        policy.loginUrl ?? request.loginUrl,
        policy.clientId ?? request.clientId,
      );
      return 'ok' in result ? result : orgs(db);
    }
    case 'disconnect':
      await disconnect(db, request.orgId);
      return orgs(db);
    case 'runs': {
      const { settings } = await effectiveSettings(db, request.orgId);
      return {
        ok: true,
        nextRunAt: settings.nightlySync ? await nightlyNextRunAt() : null,
        runs: await runHistory(db, request.orgId),
      };
    }
    case 'run-now': {
      const { settings } = await effectiveSettings(db, request.orgId);
      if (!settings.nightlySync) return nightlyOff;
      // Not awaited: the page follows the run's progress through `runs`.
      void runNightly('manual', request.orgId);
      return { ok: true };
    }
  }
}
