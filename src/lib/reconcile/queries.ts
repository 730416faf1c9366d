import { kindSoqlFilter, PERSON_KIND, type PersonKind } from '../person-kinds';

/** A query page of the REST API: Salesforce's own page size, and one request each. */
export const QUERY_PAGE = 2000;

const SAFE = /^[A-Za-z0-9_]+$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

function checked(names: readonly string[]): readonly string[] {
  for (const name of names) if (!SAFE.test(name)) throw new Error(`unsafe name in SOQL: ${name}`);
  return names;
}

export interface ImportQuery {
  readonly kind: PersonKind;
  readonly fields: readonly string[];
  /** null: a full pass reads every record with a chosen field set. */
  readonly since: string | null;
  /** Keyset paging: only records after this Id (pages survive a restart, unlike locators). */
  readonly afterId: string | null;
  readonly ids?: readonly string[];
  readonly limit?: number;
}

/**
 * The SOQL of one import page. A full pass reads the records with any chosen field set; an
 * incremental pass reads every record changed since the watermark, set or not, so that a field
 * unchecked in Salesforce is noticed (and set again: R6).
 */
export function importSoql(q: ImportQuery): string {
  return selectSoql(q, q.ids ? null : (q.limit ?? QUERY_PAGE));
}

/**
 * The SOQL of a full import through Bulk API 2.0: the same records as the REST pages, all in one
 * job, so without a page LIMIT (the job pages its results itself).
 */
export function bulkImportSoql(q: Omit<ImportQuery, 'afterId' | 'ids' | 'limit'>): string {
  return selectSoql({ ...q, afterId: null }, null);
}

function selectSoql(q: ImportQuery, limit: number | null): string {
  const source = PERSON_KIND[q.kind];
  const kindFilter = kindSoqlFilter(q.kind);
  const fields = checked(q.fields);
  const conditions: string[] = [];
  if (q.ids)
    conditions.push(
      `Id IN (${checked(q.ids)
        .map((id) => `'${id}'`)
        .join(', ')})`,
    );
  else if (q.since === null) conditions.push(`(${fields.map((f) => `${f} = true`).join(' OR ')})`);
  else {
    if (!ISO.test(q.since)) throw new Error(`bad watermark ${q.since}`);
    conditions.push(`SystemModstamp >= ${q.since}`);
  }
  if (kindFilter) conditions.push(kindFilter);
  if (q.afterId) conditions.push(`Id > '${checked([q.afterId])[0]}'`);
  const select = ['Id', 'Name', source.emailField, ...fields].join(', ');
  const page = limit === null ? '' : ` LIMIT ${limit}`;
  return `SELECT ${select} FROM ${source.object} WHERE ${conditions.join(' AND ')} ORDER BY Id${page}`;
}

/** How many records a full or incremental import would read: decides REST or Bulk API 2.0. */
export function importCountSoql(q: Omit<ImportQuery, 'afterId' | 'ids' | 'limit'>): string {
  const page = importSoql({ ...q, afterId: null, limit: 1 });
  const where = page.slice(page.indexOf(' FROM '), page.indexOf(' ORDER BY '));
  return `SELECT COUNT()${where}`;
}
