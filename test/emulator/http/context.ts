import type { IncomingHttpHeaders } from 'node:http';
import type { BulkJobStore } from '../api/bulk2-jobs';
import type { OAuthState } from '../auth/oauth-state';
import type { ApiAccess } from '../control/api-access';
import type { ApiUsage } from '../control/api-usage';
import type { BulkLimits } from '../control/bulk-limits';
import type { ConcurrentRequests } from '../control/concurrent-requests';
import type { FaultEngine, RecordFaults } from '../control/faults';
import type { ServerTime } from '../control/latency';
import type { RequestLog } from '../control/request-log';
import type { Session, SessionStore } from '../control/sessions';
import type { Org } from '../data/org';
import type { HostClass, OrgHosts } from '../hosts';
import type { ResolvedOptions } from '../options';
import type { CursorStore } from '../soql/cursors';
import type { Reply } from './reply';

/** Everything the handlers share: the org, its sessions, the log, faults and running jobs. */
export interface EmulatorContext {
  readonly options: ResolvedOptions;
  readonly hosts: OrgHosts;
  readonly org: Org;
  readonly sessions: SessionStore;
  readonly usage: ApiUsage;
  /** API requests in flight, and the concurrent long-running request limit. */
  readonly concurrency: ConcurrentRequests;
  /** Bulk API 2.0's daily query jobs, batches and records. */
  readonly bulkLimits: BulkLimits;
  /** Whether the org lets the API in (API Enabled, API Access Control). */
  readonly apiAccess: ApiAccess;
  readonly cursors: CursorStore;
  readonly bulk: BulkJobStore;
  readonly oauth: OAuthState;
  readonly log: RequestLog;
  readonly faults: FaultEngine;
  /** API versions served, oldest first, e.g. ['31.0', …, '62.0']. */
  readonly versions: readonly string[];
}

export interface ApiRequest {
  readonly method: string;
  /** Host header without port, lower-cased. */
  readonly host: string;
  readonly hostClass: HostClass;
  /** `https://` + the Host header as sent: the origin the client believes it talks to. */
  readonly origin: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Named groups of the route pattern. */
  readonly params: Readonly<Record<string, string>>;
  readonly cookies: Readonly<Record<string, string>>;
  /** The API version of a `/services/data/vNN.N/…` path, else ''. */
  readonly version: string;
  /** The authenticated session of a REST request. */
  readonly session: Session | null;
  readonly recordFaults: RecordFaults;
  /** The work this request did, for the latency model (`chargeServerTime`). */
  readonly serverTime: ServerTime;
}

export type Handler = (request: ApiRequest, context: EmulatorContext) => Reply | Promise<Reply>;

/**
 * The origin of URLs the emulator hands out for API use: the My Domain host, except when the
 * caller reached the emulator by its loopback address (jsforce in Node), which cannot resolve it.
 */
export function apiOrigin(request: ApiRequest, context: EmulatorContext): string {
  return request.hostClass === 'loopback' ? request.origin : `https://${context.hosts.myDomain}`;
}

/** The body of a JSON request, or undefined when it is not JSON. */
export function jsonBody(request: ApiRequest): unknown {
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    return undefined;
  }
}

export function formBody(request: ApiRequest): URLSearchParams {
  return new URLSearchParams(request.body);
}
