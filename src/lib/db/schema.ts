import type { DBSchema } from 'idb';
import type { Failure } from '../failure';
import type { BulkPlace } from '../salesforce/bulk2';
import type { ObjectDescribe } from '../salesforce/describe';
import type { StoredSettings } from '../settings';
import type { BudgetStop } from '../reconcile/api-budget';
import type { PersonObject } from '../person-kinds';
import type { StoredUnsubscribe } from './unsubscribe-codec';

/**
 * The extension's IndexedDB: its durable record of unsubscribes (the outbox and the audit trail),
 * and what it caches of each org. Every record type stored here is declared here.
 */
export const DB_NAME = 'unsubscribe-sync';

/** Where an unsubscribe stands with Salesforce. */
export type UnsubscribeStatus =
  /** Saved, not yet confirmed by Salesforce; sent now or retried by the outbox. */
  | 'pending'
  /** Salesforce has every field this unsubscribe sets. */
  | 'confirmed'
  /** Salesforce refused it for a reason a person must look at; retried only when asked. */
  | 'failed'
  /** Taken back by the rep's Undo: kept for its history, no longer an unsubscribe. */
  | 'undone';

/** R9: why a person is unsubscribed, step by step. */
export interface AuditEntry {
  readonly at: number;
  /** The Salesforce user (name or Id) or "Salesforce" for what the nightly import found. */
  readonly who: string;
  readonly action:
    'unsubscribed' | 'confirmed' | 'failed' | 'retried' | 'undone' | 'imported' | 'moved';
  readonly detail?: string;
  /**
   * Set when this record was unsubscribed because it has the same email address as the record
   * the rep clicked (the `sameEmail` setting): which one. Kept as data, put in words by the UI.
   */
  readonly coveredBy?: CoveredBy;
  /** Set on a 'moved' entry: the record the unsubscribe moved to, and why. Put in words by the UI. */
  readonly movedTo?: MovedTo;
}

/**
 * Where an unsubscribe went when its record stopped being one a write can reach: the surviving
 * record of a merge, the Contact a Lead was converted into, or the Person Account a person
 * contact stands for (writes go through the Account only).
 */
export interface MovedTo {
  readonly recordId: string;
  readonly object: PersonObject;
  readonly reason: 'merged' | 'converted' | 'person-account';
}

/** The record whose click also unsubscribed a record with the same email address. */
export interface CoveredBy {
  readonly recordId: string;
  readonly object: PersonObject;
  readonly name: string;
}

export interface UnsubscribeRecord {
  /** 18-character org Id. */
  readonly orgId: string;
  /** 18-character record Id. */
  readonly recordId: string;
  readonly object: PersonObject;
  readonly name: string;
  readonly email: string | null;
  /** `https://<my-domain>.my.salesforce.com`: where this org's API is. */
  readonly instanceUrl: string;
  readonly status: UnsubscribeStatus;
  /** The opt-out fields this unsubscribe sets to true in Salesforce. */
  readonly fields: readonly string[];
  /** The fields the click turned from false to true: exactly what an Undo clears. */
  readonly setByClick: readonly string[];
  readonly source: 'click' | 'salesforce';
  readonly createdAt: number;
  readonly createdBy: string;
  readonly pageUrl: string | null;
  /** Sends tried so far. */
  readonly attempts: number;
  /**
   * A send started and no answer proved it did not apply (the worker died, or the network failed
   * mid-request): the next attempt reads the record first and writes only what is still missing,
   * so delivery is exactly once in effect.
   */
  readonly outcomeUnknown: boolean;
  /**
   * When the send whose answer never came left (the background was stopped mid-request): until
   * `SEND_SETTLE_MS` after it Salesforce may still apply it, so nothing sends the record again
   * (`isSettling`). Any answer clears it.
   */
  readonly sentAt?: number;
  /** When the outbox tries again (ms since epoch); null when nothing is due. */
  readonly nextAttemptAt: number | null;
  readonly lastError: Failure | null;
  readonly confirmedAt: number | null;
  readonly history: readonly AuditEntry[];
  /**
   * The chosen opt-out fields Salesforce was last seen to have set for this record (by a
   * confirmed push or a nightly read); the nightly run writes whatever is missing. Since v3.
   */
  readonly syncedFields?: readonly string[];
  /** The nightly run whose full read last saw this record (a full pass trusts only those). */
  readonly seenByRun?: string;
  /**
   * The records with the same email address that this record's click also unsubscribed (their
   * record Ids, same org): Undo finds them by key. Absent on records stored before it existed
   * and on clicks that covered nobody.
   */
  readonly covers?: readonly string[];
  /**
   * The address as same-email matching compares it (`emailKey`), for the `orgEmail` index: which
   * stored unsubscribes share a person's address. Absent for a blank email. Since v5.
   */
  readonly emailKey?: string;
  /**
   * When the record was first seen with its present address, if that was after `createdAt` (its
   * email changed in Salesforce): the nightly run looks up the other records of every address
   * new to the store since its last run. Since v5.
   */
  readonly addressSince?: number;
  /**
   * Set on a Contact unsubscribe known not to be a person contact's (a Person Account's Contact,
   * which is written through its Account only): made by a path that leaves person contacts out
   * (a click, whose page was mapped to its Account; the nightly import; a merge into a Contact)
   * or checked before a write. Earlier releases stored person contacts as Contacts, and a Lead may
   * convert into a person contact: a Contact unsubscribe without it is checked, once, before its
   * next write. Since this release; no schema change.
   */
  readonly notPersonContact?: true;
  /**
   * Where the record belongs (a Contact's account name, a Lead's company), as the card's lookup
   * read it when a click on another record with its address covered it: the card names it after
   * the click ("Contact Ada Lovelace (Acme)"). Absent on other records and on blank ones; not
   * kept up to date.
   */
  readonly place?: string;
}

/**
 * How many unsubscribes of one org the store holds in each state: what the options page shows as
 * the list's total without counting a million rows. Kept exact by `countedWrites`
 * (`unsubscribe-counts.ts`), which changes it in the same transaction as the records it counts;
 * recounted by the version 6 upgrade and whenever a reader sees it out of step. Since v6.
 */
export interface UnsubscribeCountsRecord {
  readonly orgId: string;
  readonly counts: Readonly<Record<UnsubscribeStatus, number>>;
}

/** An org this browser has worked with, and as whom. */
export interface OrgRecord {
  readonly orgId: string;
  readonly instanceUrl: string;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly lastSeenAt: number;
}

/**
 * An object's describe as last asked, so that reading a record's state costs one request and most
 * nightly runs none; how old each use takes it is `DESCRIBE_MAX_AGE` (`org-cache.ts`).
 */
export interface DescribeRecord {
  readonly orgId: string;
  readonly object: PersonObject;
  readonly describe: ObjectDescribe;
  readonly fetchedAt: number;
}

/** An OAuth connection (Connect on the options page): what the unattended nightly run uses. */
export interface ConnectionRecord {
  readonly orgId: string;
  readonly instanceUrl: string;
  /** https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL. */
  readonly loginUrl: string;
  readonly clientId: string;
  /** Kept only here, in the extension's own storage; never sent to a page. */
  readonly refreshToken: string;
  readonly accessToken: string;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly connectedAt: number;
}

/** The nightly reconcile's progress per org: where incremental reads start. Since v3. */
export interface SyncStateRecord {
  readonly orgId: string;
  /** SystemModstamp from which the next run reads (ISO 8601); null: the next run reads all. */
  readonly watermark: string | null;
  /** The chosen fields the watermark was taken for; another choice needs a full pass. */
  readonly fieldsSignature: string;
  /** Records removed from the extension, read again by the next run whatever their stamp (R6). */
  readonly recheckIds: readonly string[];
  /**
   * When the last run's same-email phase began (ms): it covered every address the store held
   * then, so the next run looks up only addresses new to the store since. Absent: that run did
   * not apply the rule. Since v5.
   */
  readonly addressesFrom?: number;
  /**
   * Since issue 12 (no schema step: absent before): the last run's own writes, which the next
   * incremental read leaves out (`ImportQuery.leaveOut`). Absent: it wrote nothing, or the user
   * its connection acts as was not known.
   */
  readonly ownWrites?: OwnWrites;
}

/**
 * The records a nightly run wrote, as Salesforce stamps them: last saved by this user
 * (LastModifiedById) between these moments (LastModifiedDate, ISO 8601 to the second, with a
 * margin for the browser's clock either side), every chosen field set.
 */
export interface OwnWrites {
  readonly userId: string;
  readonly from: string;
  readonly to: string;
}

/** One nightly run of one org: its history entry and, while it runs, its checkpoint. Since v3. */
export interface RunRecord {
  readonly id: string;
  readonly orgId: string;
  readonly trigger: 'schedule' | 'manual';
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly status: 'running' | 'done' | 'failed' | 'waiting';
  /** `same-email` since v5: the records of opted-out addresses (the `sameEmail` setting). */
  readonly phase: 'requirements' | 'import' | 'same-email' | 'export' | 'done';
  readonly progress: { readonly done: number; readonly total: number | null };
  readonly stats: RunStats;
  readonly errors: readonly RunError[];
  readonly skippedObjects: readonly { readonly kind: string; readonly reason: string }[];
  readonly checkpoint: RunCheckpoint;
  /** Updated as the run advances: a run whose heartbeat stopped was cut off and is resumed. */
  readonly heartbeatAt: number;
  /** Whether this run reads everything (first run, or the chosen fields changed). */
  readonly fullPass: boolean;
  /** The SystemModstamp this run reads from (null on a full pass). */
  readonly readFrom: string | null;
  /** When this run's same-email phase began: `SyncStateRecord.addressesFrom` for the next one. */
  readonly addressesFrom?: number;
  /**
   * Since issue 12 (no schema step: absent on older runs): the run's last stop for the org's API
   * budget. A `waiting` run with it waits for the org's next nightly time, not for a sign-in; a
   * run that went on keeps it, so its history still says it stopped.
   */
  readonly budgetStop?: BudgetStop;
  /**
   * Since issue 12 (absent on older runs: none): the Bulk API 2.0 jobs this run created, bounded
   * per night by `BULK_JOBS_PER_NIGHT` (reconcile/bulk-choice.ts); kept across a resume.
   */
  readonly bulkJobs?: number;
  /**
   * Since issue 12: when this run's export sent its first request and had its last write
   * answered (ms, the browser's clock), kept across a resume; absent until it writes.
   */
  readonly writeWindow?: { readonly from: number; readonly to: number };
  /** Since issue 12: the last run's own writes, which this incremental run's read leaves out. */
  readonly leaveOut?: OwnWrites;
  /**
   * Since issue 12: a describe refresh mid-run (a field problem) added a field or kind that the
   * reads before it did not cover, so the next run is a full pass.
   */
  readonly readsIncomplete?: true;
  /**
   * Since issue 12 (absent: none): the Bulk API 2.0 query job a kind's read is in, and how far
   * its results are stored, so that a run cut off in it goes on with the same job.
   */
  readonly bulkReads?: readonly BulkRead[];
  /**
   * Since issue 12: the run's reads were decided from guessed requirements whose describes have
   * not answered yet (`startRequirements`); a resumed run decides them again.
   */
  readonly readsGuessed?: true;
}

/** A kind's read through a query job: its phase and kind (the checkpoint's), and the results' place. */
export interface BulkRead extends BulkPlace {
  readonly phase: RunRecord['phase'];
  readonly kindIndex: number;
  /** The job's query: a resumed run takes the job only for the same query of the same kind. */
  readonly soql: string;
}

export interface RunStats {
  readonly read: number;
  readonly written: number;
  readonly imported: number;
  readonly skipped: number;
  readonly failed: number;
  /** Records opted out for their email address by this run (the `sameEmail` rule). Since v5. */
  readonly covered?: number;
  readonly apiCalls: number;
  /** The org's remaining daily API requests, from Sforce-Limit-Info, when known. */
  readonly apiRemaining: number | null;
}

export interface RunError {
  readonly recordId?: string;
  readonly code: string;
  readonly message: string;
}

/** Where a cut-off run picks up: the kind it was on and the last record Id done per phase. */
export interface RunCheckpoint {
  readonly kindIndex: number;
  readonly afterId: string | null;
  /**
   * Since issue 12 (absent: none): kinds after `kindIndex` read together with it (one Composite
   * request holds several kinds' queries), by index: the last Id stored of each, or `done`.
   */
  readonly later?: Readonly<Record<number, string | 'done'>>;
}

export interface UnsubscribeSyncDB extends DBSchema {
  /**
   * Rows of `UnsubscribeRecord`, as `unsubscribe-codec.ts` stores them (since v7): read and
   * written only through `unsubscribes.ts` and `countedWrites`, which decode and encode them.
   */
  unsubscribes: {
    key: [string, string];
    value: StoredUnsubscribe;
    /**
     * `orgCreated` since v4: an org's unsubscribes newest first, for the options page.
     * `orgEmail` since v5: an org's unsubscribes of one address (`emailKey`), for the nightly
     * same-email rule and for Remove. Their paths are the stored rows' (`o`, `t`, `e`) since v7.
     */
    indexes: {
      status: UnsubscribeStatus;
      orgCreated: [string, number];
      orgEmail: [string, string];
    };
  };
  /** Settings as any version stored them: read through `getSettings`, which fills defaults. */
  settings: { key: string; value: StoredSettings };
  orgs: { key: string; value: OrgRecord };
  describes: { key: [string, PersonObject]; value: DescribeRecord };
  /** Since version 2. */
  connections: { key: string; value: ConnectionRecord };
  /** Since version 3. */
  syncState: { key: string; value: SyncStateRecord };
  runs: { key: string; value: RunRecord; indexes: { orgStarted: [string, number] } };
  /** Since version 3: small values of the whole extension, e.g. the next nightly run. */
  meta: { key: string; value: { readonly key: string; readonly value: number | string | null } };
  /** Since version 6: each org's unsubscribes counted by state. */
  unsubscribeCounts: { key: string; value: UnsubscribeCountsRecord };
}

export const DB_VERSION = 7;
