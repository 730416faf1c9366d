import type { Database } from '../lib/db/open';
import type { ConnectDefaults, OrgsResponse, OrgView } from '../lib/options-messages';
import { nightlyOffsetMs } from '../lib/schedule';
import { redirectUrl } from './extension-api';
import { effectiveSettings, managedPolicy } from './policy';
import { sessionFor } from './session';

/** What the options page shows of each org this browser has met: its connection and settings. */

async function orgView(
  db: Database,
  orgId: string,
  instanceUrl: string,
  userId: string | null,
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
    nightlyOffsetMs: nightlyOffsetMs(orgId, userId),
  };
}

export async function orgs(db: Database): Promise<OrgsResponse> {
  const [seen, policy] = await Promise.all([db.getAll('orgs'), managedPolicy()]);
  const connectDefaults: ConnectDefaults = {
    loginUrl: policy.loginUrl ?? null,
    clientId: policy.clientId ?? null,
    locked: policy.loginUrl !== undefined || policy.clientId !== undefined,
    callbackUrl: redirectUrl(),
  };
  const views = await Promise.all(
    seen.map((o) => orgView(db, o.orgId, o.instanceUrl, o.userId, o.userName)),
  );
  return { ok: true, orgs: views, connectDefaults };
}
