import { API_VERSION } from '../../src/lib/salesforce/connection';
import type { LatencyOptions } from './control/latency';
/**
 * What the demo org (`npm run emulator`, `bash scripts/demo.sh`) holds beyond the defaults: one
 * person in several records, as a real org does — person contacts, and same-email twins — and a
 * duplicate rule on one of them.
 */
export const DEMO_PEOPLE = {
  personContacts: true,
  sameEmailRate: 0.15,
  demoDuplicateRule: true,
} as const;

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** Seed of every generated value and of rate-based faults. */
  readonly seed?: number;
  readonly contacts?: number;
  readonly leads?: number;
  readonly personAccounts?: number;
  readonly businessAccounts?: number;
  /** Fraction of seeded people already opted out (each opt-out field drawn independently). */
  readonly optedOutRate?: number;
  /**
   * Give every Person Account its person contact (a Contact with IsPersonAccount = true that
   * mirrors the Account), as Salesforce does. Default false until the product's Contact reads
   * exclude person contacts; the demo org (cli.ts) turns it on.
   */
  readonly personContacts?: boolean;
  /**
   * The share of Leads and of Person Accounts seeded as a second record of another record's
   * person (same email; Leads in other capitals). Above 0 the demo twins are placed too
   * (samples.sameEmailLead, sameEmailPersonAccount, convertedLead). Default 0.
   */
  readonly sameEmailRate?: number;
  /**
   * Give every seeded person an address of their own (`first.last.N@company`), so that records
   * share an address only as a `sameEmailRate` twin or a converted Lead. Default false: the
   * address is name + company alone, and unrelated people share it (about 4 % of them at 10k
   * records, a third at 100k, nearly all at 1M).
   */
  readonly distinctEmails?: boolean;
  /**
   * Put an "Allow with alert" duplicate rule on Ada Lovelace's Contact (samples.contact), matching
   * her Lead twin when there is one: an update of her is refused with DUPLICATES_DETECTED unless
   * it carries `Sforce-Duplicate-Rule-Header: allowSave=true`, as in many real orgs. Default false
   * (a test opts in per record with `org.addDuplicateRule`); the demo org turns it on.
   */
  readonly demoDuplicateRule?: boolean;
  /** My Domain name: `acme` gives acme.my.salesforce.com and acme.lightning.force.com. */
  readonly myDomain?: string;
  /** Newest REST API version served; by default the product's `API_VERSION`. */
  readonly maxVersion?: string;
  readonly dailyApiLimit?: number;
  /**
   * Requests of 20 s or more allowed at once before new ones are refused with
   * `REQUEST_LIMIT_EXCEEDED` (`control/concurrent-requests.ts`). Default 25, a production org's.
   */
  readonly concurrentLongRunningLimit?: number;
  /** From this age a request counts as long-running. Default 20,000 ms, as in Salesforce. */
  readonly longRunningMs?: number;
  /**
   * The clock request durations are read from, for the concurrent request limit: by default the
   * real one (`Date.now`). A latency model that models time without sleeping drives its own.
   */
  readonly requestClock?: () => number;
  /** Bulk API 2.0 query jobs a day (`control/bulk-limits.ts`). Default 10,000, as in Salesforce. */
  readonly dailyBulkQueryJobs?: number;
  /** Bulk API batches a day, one per 10,000 ingested records. Default 15,000, as in Salesforce. */
  readonly dailyBulkBatches?: number;
  /** Bulk API 2.0 ingest records a day. Default 150,000,000, as in Salesforce. */
  readonly dailyBulkRecords?: number;
  /** When set, access tokens and `sid` sessions expire this long after they are issued. */
  readonly accessTokenTtlMs?: number;
  /** Issue a new refresh token on every refresh grant (and revoke the old one). */
  readonly rotateRefreshTokens?: boolean;
  /**
   * How long a Bulk API 2.0 job takes, half queued and half InProgress, whatever its rows
   * (default 300 ms). With `latency` set, the model's job times are used instead.
   */
  readonly bulkJobDelayMs?: number;
  /**
   * A modelled network and server (`control/latency.ts`; `MODELLED_LATENCY` is what the bench
   * uses): every API response held back by a round trip plus server time per subrequest and
   * row, Bulk API 2.0 jobs that take seconds growing with their rows. Default null: answers
   * as fast as the emulator can, as every test expects.
   */
  readonly latency?: LatencyOptions | null;
  /** Rows per Bulk API 2.0 query result page when the client gives no maxRecords. */
  readonly bulkQueryPageSize?: number;
  /**
   * When above 0, Lightning pages arrive with an empty main area that their script fills this
   * long after load, as real Lightning does (tests content scripts that must wait). Default 0.
   */
  readonly lightningRenderDelayMs?: number;
  /** The username the login form offers. */
  readonly username?: string;
  /**
   * `uneven`: REST query and queryMore batches hold fewer rows than the batch size, each a
   * different, seeded number (1 to a quarter of the batch size), with `done: false` and a
   * `nextRecordsUrl` until the last. Salesforce allows it: the batch size "is a hint", "there is no
   * guarantee that the requested batch size is the actual batch size" (REST API Developer Guide,
   * "Query Options Header",
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm;
   * SOAP API Developer Guide, "QueryOptions"). Default `full`: batches of the batch size.
   */
  readonly queryBatches?: 'full' | 'uneven';
  /**
   * `shuffled`: a Bulk API 2.0 query job returns its rows in a seeded random order, whatever the
   * query's ORDER BY; as a PK-chunked job may (its chunks run in parallel). Default `selected`:
   * the order the query selects.
   */
  readonly bulkQueryOrder?: 'selected' | 'shuffled';
  /** How the org lets the API in at start (`ApiAccessMode`); `emu.apiAccess.set` changes it. */
  readonly apiAccess?: ApiAccessMode;
}

/**
 * Whether the org answers API requests. `enabled`: as usual. `org-disabled`: the org has no API
 * access (403 `API_DISABLED_FOR_ORG`); `user-disabled`: the user lacks the "API Enabled"
 * permission (403 `API_CURRENTLY_DISABLED`); `approved-apps-only`: API Access Control lets only
 * admin-approved connected apps in, so a UI session's `sid` is refused (401
 * `INVALID_SESSION_ID`) while an OAuth token of the approved app works. See
 * `control/api-access.ts` for the documented shapes.
 */
export type ApiAccessMode = 'enabled' | 'org-disabled' | 'user-disabled' | 'approved-apps-only';

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'accessTokenTtlMs'>> &
  Pick<EmulatorOptions, 'accessTokenTtlMs'>;

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const myDomain = (options.myDomain ?? 'acme').toLowerCase();
  return {
    port: options.port ?? 0,
    seed: options.seed ?? 1,
    contacts: options.contacts ?? 50,
    leads: options.leads ?? 50,
    personAccounts: options.personAccounts ?? 10,
    businessAccounts: options.businessAccounts ?? 5,
    optedOutRate: options.optedOutRate ?? 0.1,
    personContacts: options.personContacts ?? false,
    sameEmailRate: options.sameEmailRate ?? 0,
    distinctEmails: options.distinctEmails ?? false,
    demoDuplicateRule: options.demoDuplicateRule ?? false,
    myDomain,
    maxVersion: options.maxVersion ?? API_VERSION,
    dailyApiLimit: options.dailyApiLimit ?? 100_000,
    concurrentLongRunningLimit: options.concurrentLongRunningLimit ?? 25,
    longRunningMs: options.longRunningMs ?? 20_000,
    requestClock: options.requestClock ?? Date.now,
    dailyBulkQueryJobs: options.dailyBulkQueryJobs ?? 10_000,
    dailyBulkBatches: options.dailyBulkBatches ?? 15_000,
    dailyBulkRecords: options.dailyBulkRecords ?? 150_000_000,
    accessTokenTtlMs: options.accessTokenTtlMs,
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    bulkJobDelayMs: options.bulkJobDelayMs ?? 300,
    latency: options.latency ?? null,
    bulkQueryPageSize: options.bulkQueryPageSize ?? 50_000,
    lightningRenderDelayMs: options.lightningRenderDelayMs ?? 0,
    username: options.username ?? `sam.rivera@${myDomain.replace(/[^a-z0-9-]/g, '')}.example.com`,
    queryBatches: options.queryBatches ?? 'full',
    bulkQueryOrder: options.bulkQueryOrder ?? 'selected',
    apiAccess: options.apiAccess ?? 'enabled',
  };
}
