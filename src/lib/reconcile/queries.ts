import type { OwnWrites } from '../db/schema';
import { PERSON_KIND, writableSoqlFilters, type PersonKind } from '../person-kinds';
import type { SameEmailScope } from '../same-email';

/** A query batch of the REST API: Salesforce's own batch size (a hint: a batch may be short). */
export const QUERY_PAGE = 2000;

const SAFE = /^[A-Za-z0-9_]+$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

function checked(names: readonly string[]): readonly string[] {
  for (const name of names) if (!SAFE.test(name)) throw new Error(`unsafe name in SOQL: ${name}`);
  return names;
}

/** Field paths (`Company`, or a parent's field: `Account.Name`), each part a safe name. */
function checkedPaths(paths: readonly string[]): readonly string[] {
  for (const path of paths) checked(path.split('.'));
  return paths;
}

export interface ImportQuery {
  readonly kind: PersonKind;
  readonly fields: readonly string[];
  /**
   * The kinds the org has (`Requirements.orgKinds`): which records stand for another kind (a
   * person contact is its Person Account) depends on them.
   */
  readonly orgKinds: readonly PersonKind[];
  /** null: a full pass reads every record with a chosen field set. */
  readonly since: string | null;
  /** On an incremental read: the last run's own writes, left out (`notOwnWrites`). */
  readonly leaveOut?: OwnWrites;
  /** Keyset paging: only records after this Id (pages survive a restart, unlike locators). */
  readonly afterId: string | null;
  readonly ids?: readonly string[];
  readonly limit?: number;
  /**
   * On a full pass, read instead the records with an email address that lack some chosen
   * field: the same-email phase's candidates, each checked against the store's opted-out
   * addresses (the records with every field set were read by the import already).
   */
  readonly withAddress?: boolean;
}

/**
 * The SOQL of one import page. A full pass reads the records with any chosen field set; an
 * incremental pass reads every record changed since the watermark, set or not, so that a field
 * unchecked in Salesforce is noticed (and set again: R6). Only records an opt-out can be written
 * to are read (`writableSoqlFilters`): a converted Lead is left out, and a person contact is
 * stored once, as its Person Account, never as a Contact.
 */
export function importSoql(q: ImportQuery): string {
  // No page LIMIT: the query is followed to `done`, and its `totalSize` is then the real count.
  return selectSoql(q, q.ids ? null : (q.limit ?? null));
}

/**
 * The SOQL of a full import through Bulk API 2.0: the same records as the REST pages, all in one
 * job, so without a page LIMIT (the job pages its results itself), and without ORDER BY: "ORDER
 * BY and LIMIT … disable PKChunking for the query", which then runs longer and may time out
 * ("Understanding Bulk API 2.0 Query", SOQL considerations,
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm). The
 * rows come in no order; the import treats each on its own (`storeReadRows`).
 */
export function bulkImportSoql(
  q: Omit<ImportQuery, 'afterId' | 'ids' | 'limit'> & { readonly afterId?: string | null },
): string {
  // `Id > afterId`: what the REST batches before the job stored is not read again.
  return selectSoql({ ...q, afterId: q.afterId ?? null }, null, false);
}

function selectSoql(q: ImportQuery, limit: number | null, ordered = true): string {
  const source = PERSON_KIND[q.kind];
  const fields = checked(q.fields);
  const conditions: string[] = [];
  if (q.ids)
    conditions.push(
      `Id IN (${checked(q.ids)
        .map((id) => `'${id}'`)
        .join(', ')})`,
    );
  else if (q.since === null && q.withAddress)
    conditions.push(
      `${source.emailField} != null`,
      `(${fields.map((f) => `${f} = false`).join(' OR ')})`,
    );
  else if (q.since === null) conditions.push(`(${fields.map((f) => `${f} = true`).join(' OR ')})`);
  else {
    if (!ISO.test(q.since)) throw new Error(`bad watermark ${q.since}`);
    conditions.push(`SystemModstamp >= ${q.since}`);
    if (q.leaveOut) conditions.push(notOwnWrites(q.leaveOut, fields));
  }
  conditions.push(...writableSoqlFilters(q.kind, q.orgKinds));
  if (q.afterId) conditions.push(`Id > '${checked([q.afterId])[0]}'`);
  const select = ['Id', 'Name', source.emailField, ...fields].join(', ');
  const page = limit === null ? '' : ` LIMIT ${limit}`;
  const order = ordered ? ' ORDER BY Id' : '';
  return `SELECT ${select} FROM ${source.object} WHERE ${conditions.join(' AND ')}${order}${page}`;
}

/**
 * Leaves out of an incremental read the records whose last save was the last run's own write:
 * saved by the run's user inside its write window, with every chosen field set (what the write
 * left). Anyone else's change, the user's own at any other time, and any save that cleared a
 * chosen field (a hand edit, or a flow the write set off) are still read. An automated update
 * after the write moves SystemModstamp but neither LastModifiedDate nor LastModifiedById, so the
 * record stays left out, rightly: no user changed it. The one change left out with the run's own
 * is the same user's hand edit inside the window that leaves every chosen field set: it undoes
 * no opt-out (R6 holds), and the record is read again at its next change (README, "Nightly
 * sync").
 * `(NOT (…))` because SOQL wants parentheses whenever AND, OR and NOT mix ("Logical Operators",
 * https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-logicaloperators.html);
 * datetimes unquoted, `YYYY-MM-DDThh:mm:ssZ` ("Date Formats and Date Literals in WHERE",
 * https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-dateformats.html).
 */
function notOwnWrites(own: OwnWrites, fields: readonly string[]): string {
  for (const at of [own.from, own.to]) if (!ISO.test(at)) throw new Error(`bad write time ${at}`);
  const [userId] = checked([own.userId]);
  const set = fields.map((f) => ` AND ${f} = true`).join('');
  return `(NOT (LastModifiedById = '${userId}' AND LastModifiedDate >= ${own.from} AND LastModifiedDate <= ${own.to}${set}))`;
}

/** Salesforce answers 414 to a request URI longer than this many bytes. */
export const MAX_REQUEST_URI_BYTES = 16_384;
/** The longest path a query is sent to: `queryAll`, with an API version of three digits. */
const QUERY_PATH = '/services/data/v000.0/queryAll?q=';
/** What a query's URI may take: room left for whatever a proxy or jsforce adds. */
const QUERY_URI_BUDGET = MAX_REQUEST_URI_BYTES - 384;
/**
 * Text as it travels in a query's URI: jsforce writes `encodeURIComponent(soql)`, and then
 * `fetch` parses the URL, which percent-encodes the single quote of an https URL's query too
 * (the WHATWG URL Standard's special-query percent-encode set,
 * https://url.spec.whatwg.org/#special-query-percent-encode-set): every quote of a string
 * literal takes three bytes, not one.
 */
function uriEncodedBytes(text: string): number {
  return encodeURIComponent(text).replaceAll("'", '%27').length;
}

/** `, ` between two items of an `IN` list, as it travels in the URI. */
const SEPARATOR_BYTES = uriEncodedBytes(', ');

/** A query's request-URI length in bytes, as Salesforce receives it from jsforce's `fetch`. */
export function queryUriBytes(soql: string): number {
  return QUERY_PATH.length + uriEncodedBytes(soql);
}

/**
 * A SOQL string literal holding `value` exactly. The single quote and the backslash are reserved
 * and are preceded by a backslash
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_reservedcharacters.htm);
 * so is the double quote, and a control character is written as `\uXXXX`, both escape sequences
 * of https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-quotedstringescapes.html
 * — so no value can end the literal or break the query.
 */
export function soqlString(value: string): string {
  const escaped = [...value].map((c) => {
    if (c === '\\' || c === "'" || c === '"') return `\\${c}`;
    const code = c.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  });
  return `'${escaped.join('')}'`;
}

/** Literals split into `IN` lists of at most `room` URI bytes each, in their order. */
function inLists(literals: readonly string[], room: number): string[][] {
  const lists: string[][] = [];
  let list: string[] = [];
  let used = 0;
  for (const literal of literals) {
    const bytes = uriEncodedBytes(literal);
    if (bytes > room) throw new RangeError(`a value too long for one query: ${literal}`);
    if (list.length > 0 && used + SEPARATOR_BYTES + bytes > room) {
      lists.push(list);
      list = [];
    }
    used = list.length === 0 ? bytes : used + SEPARATOR_BYTES + bytes;
    list.push(literal);
  }
  if (list.length > 0) lists.push(list);
  return lists;
}

export interface SameEmailQuery {
  /** Where the addresses are looked up (`sameEmailScopes`). */
  readonly scope: SameEmailScope;
  /** The opt-out fields read with each record, so that only what is missing is written. */
  readonly fields: readonly string[];
  /** The addresses, as `lookupAddresses` gives them. */
  readonly addresses: readonly string[];
  /**
   * More fields to read with each record, for the card's lookup only (where each record belongs:
   * `placeSelect`, a parent's field such as `Account.Name` included); the nightly run reads none.
   */
  readonly extra?: readonly string[];
}

/**
 * The SOQL that reads the records of one kind with any of these addresses: as few queries as
 * keep each request's URI under Salesforce's limit (a long `IN` list gets 414), none for no
 * address. Salesforce compares an Email field case-insensitively, so an address finds its records
 * however they write it. Each query's rows are paged like any query's (`done`, `nextRecordsUrl`).
 */
export function sameEmailSoql(q: SameEmailQuery): string[] {
  const { object } = PERSON_KIND[q.scope.kind];
  const [emailField = ''] = checked([q.scope.emailField]);
  const extra = checkedPaths(q.extra ?? []);
  const select = ['Id', 'Name', emailField, ...checked(q.fields), ...extra].join(', ');
  const head = `SELECT ${select} FROM ${object} WHERE ${emailField} IN (`;
  const tail = `)${q.scope.filters.map((f) => ` AND ${f}`).join('')} ORDER BY Id`;
  const room = QUERY_URI_BUDGET - queryUriBytes(head + tail);
  return inLists(q.addresses.map(soqlString), room).map((list) => head + list.join(', ') + tail);
}

/**
 * The SOQL that tells where records a write found gone went, to run as `queryAll` (jsforce:
 * `scanAll: true`), which also returns deleted records: a merged loser has `IsDeleted` and its
 * `MasterRecordId`; a converted Lead its `ConvertedContactId`. The caller sends at most one
 * Collections batch of Ids (200), well within the URI limit.
 */
export function movedRecordsSoql(kind: PersonKind, ids: readonly string[]): string {
  const { object, convertedTo } = PERSON_KIND[kind];
  const select = ['Id', 'IsDeleted', 'MasterRecordId', ...(convertedTo ? [convertedTo.field] : [])];
  const idList = checked(ids)
    .map((id) => `'${id}'`)
    .join(', ');
  return `SELECT ${select.join(', ')} FROM ${object} WHERE Id IN (${idList})`;
}

/**
 * The SOQL that finds which of these Contacts are person contacts, with the Person Account each
 * stands for (`PERSON_KIND.Contact.standsFor`), to run only where the org has Person Accounts
 * (elsewhere the marker field does not exist). At most one Collections batch of Ids (200).
 */
export function personContactsSoql(ids: readonly string[]): string {
  const { object, standsFor } = PERSON_KIND.Contact;
  if (!standsFor) throw new Error('Contact stands for no other kind');
  const idList = checked(ids)
    .map((id) => `'${id}'`)
    .join(', ');
  return `SELECT Id, ${standsFor.idField} FROM ${object} WHERE Id IN (${idList}) AND ${standsFor.marker} = true`;
}
