import { BulkJobStore } from './api/bulk2-jobs';
import { apiVersions } from './api/rest-meta';
import { OAuthState } from './auth/oauth-state';
import { ApiAccess } from './control/api-access';
import { ApiUsage } from './control/api-usage';
import { BulkLimits, bulkFigures, type BulkFigures } from './control/bulk-limits';
import { ConcurrentRequests, type ConcurrencyFigures } from './control/concurrent-requests';
import { FaultEngine, type FaultRule } from './control/faults';
import { OrgControl } from './control/org-control';
import { RequestLog } from './control/request-log';
import { SessionStore } from './control/sessions';
import { Org } from './data/org';
import { seedOrg } from './data/seed';
import type { WriteJournal } from './data/write-journal';
import { hostResolverRules, orgHosts } from './hosts';
import type { EmulatorContext } from './http/context';
import { startServer } from './http/server';
import { resolveOptions, type ApiAccessMode, type EmulatorOptions } from './options';
import { createRandom } from './random';
import { CursorStore } from './soql/cursors';
import { certificate } from './tls';

export type { ApiAccessMode, EmulatorOptions } from './options';
export { MODELLED_LATENCY, type LatencyOptions } from './control/latency';
export type { FaultEffect, FaultRule, ScheduledFault, WholeRequestError } from './control/faults';
export type { AppliedWrite, WriteFilter } from './data/write-journal';
export type { InjectableRecordError } from './data/record-error';
export type { DuplicateRule, DuplicateRuleInput } from './data/duplicate-rules';
export type { LogEntry, LogFilter, RequestLog } from './control/request-log';
export type { ListOptions, OrgControl } from './control/org-control';
export type { OrgRecord } from './data/org';
export type { ObjectName, ObjectSchema } from './data/schema';
export type { SampleRecords } from './data/seed';
export type { RequestKind } from './http/request-kind';
export { hostResolverRules, isEmulatedHost } from './hosts';

export interface SessionControl {
  /** A valid access token / `sid` value, `<orgId15>!<random>`. */
  createSession(): string;
  /** An access token issued to a connected app through OAuth (what API Access Control lets in). */
  createOAuthSession(): Promise<string>;
  expire(token: string): void;
  /** End every access token and `sid` (refresh tokens stay valid, so OAuth clients can refresh). */
  expireAll(): void;
}

export interface ApiAccessControl {
  /** The org's API access now. */
  readonly mode: ApiAccessMode;
  /** Refuse the API from now on, as an org, a user or API Access Control would; or let it in. */
  set(mode: ApiAccessMode): void;
}

export interface FaultControl {
  add(rule: FaultRule): string;
  remove(id: string): void;
  clear(): void;
}

/** The org's limits beyond the daily API allowance, and the peaks a bench reads. */
export interface LimitsControl {
  /** API requests in flight now, the peaks, and the concurrent long-running request limit. */
  concurrency(): ConcurrencyFigures;
  /** Bulk API 2.0: jobs open or running now and at most at once, and the day's allocations. */
  bulk(): BulkFigures;
  /** Start the peaks afresh from now (e.g. for each simulated night). */
  resetPeaks(): void;
}

export type { ConcurrencyFigures } from './control/concurrent-requests';
export type { AllowanceFigures, BulkFigures } from './control/bulk-limits';

export interface Emulator {
  readonly port: number;
  /** For Node clients: `https://127.0.0.1:PORT` (URLs handed out then use this origin too). */
  readonly baseUrl: string;
  /** e.g. acme.my.salesforce.com */
  readonly myDomainHost: string;
  /** e.g. acme.lightning.force.com */
  readonly lightningHost: string;
  readonly orgId: string;
  readonly userId: string;
  readonly org: OrgControl;
  readonly sessions: SessionControl;
  readonly log: Pick<RequestLog, 'entries' | 'count' | 'clear' | 'subrequests'>;
  readonly faults: FaultControl;
  /** API Enabled / API Access Control: `set('approved-apps-only')` refuses every UI `sid`. */
  readonly apiAccess: ApiAccessControl;
  /** Every record update the org applied through the API, in order, to count writes per record. */
  readonly writes: Pick<WriteJournal, 'entries' | 'countsById'>;
  /** Today's API request count against `dailyApiLimit`; `setUsed(n)` to test the limit. */
  readonly apiUsage: Pick<ApiUsage, 'used' | 'max' | 'remaining' | 'setUsed'>;
  /** Concurrent requests and Bulk API 2.0 jobs: the limits Salesforce enforces, and the peaks. */
  readonly limits: LimitsControl;
  /** The --host-resolver-rules value that maps the Salesforce hosts to this emulator. */
  readonly hostResolverRules: string;
  /** The real-host URL of a record page: Lightning (default) or Classic. */
  recordUrl(id: string, ui?: 'lightning' | 'classic'): string;
  close(): Promise<void>;
}

/** Start an org emulator on 127.0.0.1 with a freshly seeded org. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const today = new Date();
  const seeded = seedOrg({
    seed: resolved.seed,
    contacts: resolved.contacts,
    leads: resolved.leads,
    personAccounts: resolved.personAccounts,
    businessAccounts: resolved.businessAccounts,
    optedOutRate: resolved.optedOutRate,
    personContacts: resolved.personContacts,
    sameEmailRate: resolved.sameEmailRate,
    distinctEmails: resolved.distinctEmails,
    // Seeded history ends at midnight UTC, so a seed gives the same org all day.
    anchor: Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()),
  });
  const org = new Org(seeded);
  const { contact, sameEmailLead } = org.samples;
  if (resolved.demoDuplicateRule && contact) {
    org.addDuplicateRule(contact, {
      action: 'allow',
      name: 'Contact_Lead_Duplicate_Rule',
      ...(sameEmailLead ? { matchIds: [sameEmailLead] } : {}),
    });
  }
  const pod = org.orgId.slice(3, 5);
  const hosts = orgHosts(resolved.myDomain);
  const bulk = new BulkJobStore(pod);
  const faultEngine = new FaultEngine(createRandom(resolved.seed ^ 0x7a017));
  const apiAccess = new ApiAccess(resolved.apiAccess);
  const sessionStore = new SessionStore(org.orgId.slice(0, 15), resolved.accessTokenTtlMs);
  const concurrency = new ConcurrentRequests({
    limit: resolved.concurrentLongRunningLimit,
    longRunningMs: resolved.longRunningMs,
    clock: resolved.requestClock,
  });
  const bulkLimits = new BulkLimits({
    queryJobs: resolved.dailyBulkQueryJobs,
    batches: resolved.dailyBulkBatches,
    records: resolved.dailyBulkRecords,
  });
  const context: EmulatorContext = {
    options: resolved,
    hosts,
    org,
    sessions: sessionStore,
    usage: new ApiUsage(resolved.dailyApiLimit),
    concurrency,
    bulkLimits,
    apiAccess,
    cursors: new CursorStore(pod),
    bulk,
    oauth: new OAuthState(),
    log: new RequestLog(),
    faults: faultEngine,
    versions: apiVersions(resolved.maxVersion),
  };
  const server = await startServer(context, await certificate(), resolved.port);
  return {
    port: server.port,
    baseUrl: `https://127.0.0.1:${server.port}`,
    myDomainHost: hosts.myDomain,
    lightningHost: hosts.lightning,
    orgId: org.orgId,
    userId: org.userId,
    org: new OrgControl(org),
    sessions: {
      createSession: () => sessionStore.createSession().token,
      createOAuthSession: () =>
        Promise.resolve(
          sessionStore.createSession(sessionStore.issueRefreshToken('emulator-test-app')).token,
        ),
      expire: (token) => void sessionStore.expire(token),
      expireAll: () => sessionStore.expireAll(),
    },
    log: context.log,
    faults: {
      add: (rule) => faultEngine.add(rule),
      remove: (id) => faultEngine.remove(id),
      clear: () => faultEngine.clear(),
    },
    apiAccess: {
      get mode() {
        return apiAccess.mode;
      },
      set: (mode) => {
        apiAccess.mode = mode;
      },
    },
    writes: org.writes,
    apiUsage: context.usage,
    limits: {
      concurrency: () => concurrency.figures(),
      bulk: () => bulkFigures(bulk, bulkLimits),
      resetPeaks: () => {
        concurrency.resetPeaks();
        bulk.resetPeak();
      },
    },
    hostResolverRules: hostResolverRules(server.port),
    recordUrl(id, ui = 'lightning') {
      const location = org.require(id);
      return ui === 'classic'
        ? `https://${hosts.myDomain}/${location.id}`
        : `https://${hosts.lightning}/lightning/r/${location.object}/${location.id}/view`;
    },
    async close() {
      bulk.dispose();
      await server.close();
    },
  };
}
