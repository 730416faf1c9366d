import type { AuditEntry, RunRecord, UnsubscribeRecord } from './db/schema';
import { toId18 } from './ids';
import type { Failure } from './failure';
import type { FieldProblem } from './opt-out-fields';
import { parseSettings, type LockedSetting, type OrgSettings } from './settings';
import { STATE_FILTERS, type StateFilter } from './unsubscribe-filter';
import type { PersonKind } from './person-kinds';

/** The most a list request may ask for: the page shows the newest 200 matches. */
export const MAX_LIST_LIMIT = 1000;

/**
 * The CSV export asks page by page (`unsubscribes-export`), so that no message carries an org's
 * million rows: each page reads this many rows and answers with those that match.
 */
export const EXPORT_PAGE = 5000;

/** Where the export's next page starts: after this record Id (the export is in Id order). */
export interface ExportCursor {
  readonly afterId: string;
}

/**
 * The most unsubscribes one Remove may name: far more records than a person has with one
 * address, and a bound on what a message makes the background delete.
 */
export const MAX_REMOVE_IDS = 1000;

/**
 * Messages of the options page to the background. Only the extension's own pages may send them
 * (the background checks the sender); each is checked here before the background acts on it.
 */

/** How the extension reaches an org. */
export interface ConnectionView {
  /** 'oauth': connected with a refresh token; 'session': the rep's browser session only. */
  readonly kind: 'oauth' | 'session' | 'none';
  /** The OAuth user's name, or the session user's when known. */
  readonly userName: string | null;
}

export interface OrgView {
  readonly orgId: string;
  readonly instanceUrl: string;
  readonly userName: string | null;
  readonly connection: ConnectionView;
  readonly settings: OrgSettings;
  /** Settings an administrator set through Chrome's managed storage: shown, not editable. */
  readonly locked: readonly LockedSetting[];
  /** This browser's start after 20:00 Pacific for the org (`nightlyOffsetMs`), in ms. */
  readonly nightlyOffsetMs: number;
}

/** What the options page shows of one object's opt-out fields (R1b, R7, R8). */
export interface ObjectFieldCheck {
  readonly kind: PersonKind;
  /** False when the org has no Person Accounts (for `PersonAccount`). */
  readonly available: boolean;
  /** Every checkbox field of the object, for "another checkbox". */
  readonly checkboxes: readonly {
    readonly name: string;
    readonly label: string;
    readonly updateable: boolean;
  }[];
  /** The Marketo Sales Opt Out field as detected (or overridden), if any. */
  readonly marketoField: { readonly name: string; readonly label: string } | null;
  /** The chosen fields that can be written. */
  readonly chosen: readonly { readonly name: string; readonly label: string }[];
  readonly problems: readonly FieldProblem[];
}

export interface UnsubscribeListItem {
  readonly orgId: string;
  readonly recordId: string;
  readonly object: UnsubscribeRecord['object'];
  readonly name: string;
  readonly email: string | null;
  readonly status: UnsubscribeRecord['status'];
  readonly source: UnsubscribeRecord['source'];
  readonly createdAt: number;
  readonly createdBy: string;
  readonly lastError: Failure | null;
  /** Lightning URL of the record. */
  readonly recordUrl: string;
  readonly history: readonly AuditEntry[];
}

/**
 * One record of the person whose unsubscribe Remove takes back (R6): what the dialog lists, and
 * which fields the user must uncheck on it in Salesforce.
 */
export interface PersonRecordView {
  readonly recordId: string;
  readonly object: UnsubscribeRecord['object'];
  readonly name: string;
  readonly email: string | null;
  /** Lightning URL of the record. */
  readonly recordUrl: string;
  readonly status: UnsubscribeRecord['status'];
  /** API names of the opt-out fields this unsubscribe holds set in Salesforce. */
  readonly fieldsToUncheck: readonly string[];
}

export type OptionsRequest =
  | { readonly type: 'orgs' }
  | { readonly type: 'settings-save'; readonly settings: OrgSettings }
  | { readonly type: 'field-check'; readonly orgId: string }
  | {
      readonly type: 'unsubscribes';
      readonly orgId: string;
      readonly search: string;
      readonly state: StateFilter;
      /** Newest first, at most this many. */
      readonly limit: number;
    }
  /** One page of the CSV export of every match, in record Id order; `after` null for the first. */
  | {
      readonly type: 'unsubscribes-export';
      readonly orgId: string;
      readonly search: string;
      readonly state: StateFilter;
      readonly after: ExportCursor | null;
    }
  | { readonly type: 'unsubscribe-retry'; readonly orgId: string; readonly recordId: string }
  /**
   * Before Remove: the records whose unsubscribe belongs to the same person as this one (every
   * live one with its address when the org's `sameEmail` is on; else this one alone).
   */
  | { readonly type: 'unsubscribe-person'; readonly orgId: string; readonly recordId: string }
  | {
      readonly type: 'unsubscribe-remove';
      readonly orgId: string;
      /** The person's records the user chose, one or more. */
      readonly recordIds: readonly string[];
    }
  | { readonly type: 'connect'; readonly loginUrl: string; readonly clientId: string }
  | { readonly type: 'disconnect'; readonly orgId: string }
  /** The nightly sync's next run and its history, with the progress of a run under way. */
  | { readonly type: 'runs'; readonly orgId: string }
  /** Run now: the same run as the nightly one, started at once. */
  | { readonly type: 'run-now'; readonly orgId: string };

/** What the Connect form starts with: an administrator's policy, or nothing. */
export interface ConnectDefaults {
  readonly loginUrl: string | null;
  readonly clientId: string | null;
  readonly locked: boolean;
  /**
   * This build's OAuth redirect URL (`identity.getRedirectURL()`), for the External Client App's
   * callback list: `https://<id>.chromiumapp.org/` in Chrome and Edge, an
   * `https://<hash of the add-on id>.extensions.allizom.org/` URL in Firefox.
   */
  readonly callbackUrl: string;
}

export type OrgsResponse =
  | {
      readonly ok: true;
      readonly orgs: readonly OrgView[];
      readonly connectDefaults: ConnectDefaults;
    }
  | Failure;
export type FieldCheckResponse =
  { readonly ok: true; readonly objects: readonly ObjectFieldCheck[] } | Failure;
export type UnsubscribesResponse =
  | {
      readonly ok: true;
      readonly items: readonly UnsubscribeListItem[];
      /** How many unsubscribes the org has in all, matching or not. */
      readonly total: number;
    }
  | Failure;
export type ExportPageResponse =
  | {
      readonly ok: true;
      /** The matches among EXPORT_PAGE rows; may be empty while `next` is not null. */
      readonly items: readonly UnsubscribeListItem[];
      /** Null after the last page. */
      readonly next: ExportCursor | null;
    }
  | Failure;
export type PersonResponse =
  | {
      readonly ok: true;
      /** The asked one first; empty when it is no longer stored. */
      readonly records: readonly PersonRecordView[];
    }
  | Failure;
export type DoneResponse = { readonly ok: true } | Failure;
export type RunsResponse =
  | {
      readonly ok: true;
      /** When the next nightly run is due (ms since epoch); null when the sync is off. */
      readonly nextRunAt: number | null;
      readonly runs: readonly RunRecord[];
    }
  | Failure;

export interface OptionsResponseOf {
  orgs: OrgsResponse;
  'settings-save': OrgsResponse;
  'field-check': FieldCheckResponse;
  unsubscribes: UnsubscribesResponse;
  'unsubscribes-export': ExportPageResponse;
  'unsubscribe-retry': DoneResponse;
  'unsubscribe-person': PersonResponse;
  'unsubscribe-remove': DoneResponse;
  connect: OrgsResponse;
  disconnect: OrgsResponse;
  runs: RunsResponse;
  'run-now': DoneResponse;
}

const isOrgId = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith('00D') && toId18(value) === value;

const isRecordId = (value: unknown): value is string =>
  typeof value === 'string' && toId18(value) === value;

/** One or more record Ids, at most MAX_REMOVE_IDS, each once. */
function recordIdsOf(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_REMOVE_IDS) return null;
  return value.every(isRecordId) ? [...new Set(value)] : null;
}

/** https://login.salesforce.com, https://test.salesforce.com or a My Domain URL. */
export function isLoginUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' &&
      url.pathname === '/' &&
      !url.search &&
      /^(login|test)\.salesforce\.com$|^[a-z0-9-]+(\.(sandbox|develop|scratch))?\.my\.salesforce\.com$/.test(
        url.hostname,
      )
    );
  } catch {
    return false;
  }
}

/** An External Client App's consumer key: letters, digits and a few symbols. */
const isClientId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9._-]{10,256}$/.test(value);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An export cursor as a page sent it back; undefined when it is not one. */
function exportCursorOf(value: unknown): ExportCursor | undefined {
  return isRecord(value) && isRecordId(value.afterId) ? { afterId: value.afterId } : undefined;
}

/** The options request a message holds, or null. */
export function parseOptionsRequest(message: unknown): OptionsRequest | null {
  if (!isRecord(message)) return null;
  const m = message;
  switch (m.type) {
    case 'orgs':
      return { type: 'orgs' };
    case 'settings-save': {
      const settings = parseSettings(m.settings);
      return settings ? { type: 'settings-save', settings } : null;
    }
    case 'unsubscribes':
      return isOrgId(m.orgId) &&
        typeof m.search === 'string' &&
        m.search.length <= 200 &&
        STATE_FILTERS.includes(m.state as StateFilter) &&
        typeof m.limit === 'number' &&
        Number.isInteger(m.limit) &&
        m.limit >= 1 &&
        m.limit <= MAX_LIST_LIMIT
        ? {
            type: 'unsubscribes',
            orgId: m.orgId,
            search: m.search,
            state: m.state as StateFilter,
            limit: m.limit,
          }
        : null;
    case 'unsubscribes-export': {
      const after = m.after === null ? null : exportCursorOf(m.after);
      return isOrgId(m.orgId) &&
        typeof m.search === 'string' &&
        m.search.length <= 200 &&
        STATE_FILTERS.includes(m.state as StateFilter) &&
        after !== undefined
        ? {
            type: 'unsubscribes-export',
            orgId: m.orgId,
            search: m.search,
            state: m.state as StateFilter,
            after,
          }
        : null;
    }
    case 'field-check':
    case 'disconnect':
    case 'runs':
    case 'run-now':
      return isOrgId(m.orgId) ? { type: m.type, orgId: m.orgId } : null;
    case 'unsubscribe-retry':
    case 'unsubscribe-person':
      return isOrgId(m.orgId) && isRecordId(m.recordId)
        ? { type: m.type, orgId: m.orgId, recordId: m.recordId }
        : null;
    case 'unsubscribe-remove': {
      const recordIds = recordIdsOf(m.recordIds);
      return isOrgId(m.orgId) && recordIds
        ? { type: 'unsubscribe-remove', orgId: m.orgId, recordIds }
        : null;
    }
    case 'connect':
      return isLoginUrl(m.loginUrl) && isClientId(m.clientId)
        ? { type: 'connect', loginUrl: m.loginUrl.replace(/\/$/, ''), clientId: m.clientId }
        : null;
    default:
      return null;
  }
}
