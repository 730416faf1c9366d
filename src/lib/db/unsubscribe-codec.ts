import { objectOfId } from '../ids';
import { PERSON_KIND, kindOfObject } from '../person-kinds';
import { importedUnsubscribe } from '../reconcile/diff';
import type { UnsubscribeRecord, UnsubscribeStatus } from './schema';

/**
 * How an unsubscribe is stored (since v7): what every caller sees is a whole `UnsubscribeRecord`;
 * what IndexedDB holds is the smallest row it can be rebuilt from. Most of a large org's store is
 * imports from Salesforce that nobody touched since (100,000 per browser in an org of a million):
 * such a row keeps only what R9 needs (the record, its object by its Id's key prefix, the fields,
 * when, which run), its address for the same-email rule and the name the list shows, in ~140
 * bytes instead of ~615 (V8's serialization, which is what Chromium's IndexedDB writes). Any
 * other record (a click, a failure, any history beyond the import) is stored whole.
 *
 * Property names are one letter because IndexedDB stores them in every row; the key and index
 * paths (`o`, `i`, `t`, `e`) are on both shapes, `s` on whole rows only.
 */

/** The properties the store's key and indexes read: on every stored row. */
interface StoredKeys {
  /** `orgId`. */
  readonly o: string;
  /** `recordId`. */
  readonly i: string;
  /** `createdAt`: the `orgCreated` index. */
  readonly t: number;
  /** `emailKey`: the `orgEmail` index; absent for a blank address. */
  readonly e?: string;
}

type Rest = Omit<UnsubscribeRecord, 'orgId' | 'recordId' | 'status' | 'createdAt' | 'emailKey'>;

/** A record stored whole: everything but the keys under `w`. */
export interface WholeRow extends StoredKeys {
  /**
   * `status`: the `status` index, which so holds whole rows only. An import row is confirmed,
   * and what asks that index for a state asks for the outbox's (pending, failed) or counts
   * (`recount`, which counts the confirmed as the rest of an org's rows).
   */
  readonly s: UnsubscribeStatus;
  readonly w: Rest;
}

/**
 * An import nobody touched, confirmed: every other property is the import's own, rebuilt on
 * read.
 */
export interface ImportRow extends StoredKeys {
  /** `name`; absent when empty. */
  readonly n?: string;
  /**
   * `email`, when it is not its key: which of the key's letters are capitals (bit i for
   * character i: `Ada.Lovelace@Acme.com` costs a small number, not a second address), or the
   * address as Salesforce wrote it when capitals alone do not make it (spaces, other letters).
   */
  readonly m?: number | string | null;
  /** `instanceUrl`: the My Domain name of `https://<name>.my.salesforce.com`, or the whole URL. */
  readonly u: string;
  /**
   * `seenByRun`: how many ms before `createdAt` that run of this org started (run Ids are
   * `<orgId>:<start>`), or the whole Id when it is not of that form; absent when none.
   */
  readonly r?: number | string;
  /** `fields`, when not the object's standard Email Opt Out alone. */
  readonly f?: readonly string[];
  /** `syncedFields`, when not the same as `fields`. */
  readonly y?: readonly string[];
  /** A Contact imported before imports marked `notPersonContact` (its mark is absent). */
  readonly p?: 0;
}

export type StoredUnsubscribe = WholeRow | ImportRow;

const MY_DOMAIN = /^https:\/\/([a-z0-9-]+)\.my\.salesforce\.com$/i;

/** The capitals that turn an address's key back into the address; null when they cannot. */
function capitalsOf(email: string, key: string): number | null {
  // Bits above 2^53 are not exact in a number.
  if (email.length !== key.length || email.length > 53) return null;
  let mask = 0;
  for (let i = 0; i < email.length; i++) {
    const c = email.charAt(i);
    if (c === key.charAt(i)) continue;
    if (c < 'A' || c > 'Z' || c.toLowerCase() !== key.charAt(i)) return null;
    mask += 2 ** i;
  }
  return mask;
}

function withCapitals(key: string, mask: number): string {
  let email = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charAt(i);
    email += Math.floor(mask / 2 ** i) % 2 === 1 ? c.toUpperCase() : c;
  }
  return email;
}

function emailOf(row: ImportRow): string | null {
  if (row.m === undefined) return row.e ?? null;
  return typeof row.m === 'number' ? withCapitals(row.e ?? '', row.m) : row.m;
}

/** `ImportRow.m` of an address with this key. */
function writtenEmail(email: string | null, key: string | undefined): number | string | null {
  const capitals = email !== null && key !== undefined ? capitalsOf(email, key) : null;
  return capitals ?? email;
}

const instanceOf = (u: string): string => (u.includes('/') ? u : `https://${u}.my.salesforce.com`);

function runOf(row: ImportRow): string | undefined {
  if (typeof row.r === 'number') return `${row.o}:${row.t - row.r}`;
  return row.r;
}

/** A stored row's state, read without rebuilding the record. */
export const statusOfRow = (row: StoredUnsubscribe): UnsubscribeStatus =>
  'w' in row ? row.s : 'confirmed';

/** The whole record a stored row stands for. */
export function decodeUnsubscribe(row: StoredUnsubscribe): UnsubscribeRecord {
  const keys = {
    orgId: row.o,
    recordId: row.i,
    createdAt: row.t,
    ...(row.e === undefined ? {} : { emailKey: row.e }),
  };
  if ('w' in row) return { ...row.w, ...keys, status: row.s };
  // Only Ids of a person object are ever stored compact (`importRowOf`).
  const object = objectOfId(row.i) ?? 'Contact';
  const fields = row.f ?? [PERSON_KIND[kindOfObject(object)].emailOptOutField];
  const seenByRun = runOf(row);
  // What the nightly import stores (`importedUnsubscribe`, one home for it), with what the row
  // says differently: a row is stored compact only when this gives back the very record.
  const {
    seenByRun: _run,
    notPersonContact: _marker,
    ...imported
  } = importedUnsubscribe(
    {
      orgId: row.o,
      instanceUrl: instanceOf(row.u),
      recordId: row.i,
      object,
      name: row.n ?? '',
      email: emailOf(row),
      setFields: fields,
    },
    [],
    '',
    row.t,
  );
  return {
    ...imported,
    ...keys,
    syncedFields: row.y ?? fields,
    ...(seenByRun === undefined ? {} : { seenByRun }),
    ...(object === 'Contact' && row.p === undefined ? { notPersonContact: true } : {}),
  };
}

/** `seenByRun` as an import row keeps it (`ImportRow.r`). */
function runOffset(record: UnsubscribeRecord): number | string | undefined {
  const run = record.seenByRun;
  if (run === undefined) return undefined;
  const prefix = `${record.orgId}:`;
  const start = run.startsWith(prefix) ? Number(run.slice(prefix.length)) : NaN;
  return Number.isSafeInteger(start) && run === `${prefix}${start}`
    ? record.createdAt - start
    : run;
}

/** The compact row of a record that may be an untouched import; null when it cannot be one. */
function importRowOf(record: UnsubscribeRecord, keys: StoredKeys): ImportRow | null {
  const object = objectOfId(record.recordId);
  if (record.source !== 'salesforce' || record.status !== 'confirmed' || object !== record.object) {
    return null;
  }
  const standard = PERSON_KIND[kindOfObject(object)].emailOptOutField;
  const fields = record.fields;
  const synced = record.syncedFields;
  const url = MY_DOMAIN.exec(record.instanceUrl)?.[1];
  const run = runOffset(record);
  return {
    ...keys,
    ...(record.name === '' ? {} : { n: record.name }),
    ...(record.email === (record.emailKey ?? null)
      ? {}
      : { m: writtenEmail(record.email, record.emailKey) }),
    u: url ?? record.instanceUrl,
    ...(run === undefined ? {} : { r: run }),
    ...(fields.length === 1 && fields[0] === standard ? {} : { f: fields }),
    ...(synced !== undefined && sameValue(synced, fields) ? {} : { y: synced ?? [] }),
    ...(object === 'Contact' && record.notPersonContact !== true ? { p: 0 } : {}),
  };
}

/**
 * A value as canonical JSON: the same text for the same data whatever the order of properties
 * (absent and undefined properties are alike, as they are to every reader of a record).
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/**
 * The row that stores a record: compact when the compact row gives back exactly this record
 * (checked by decoding it, so a property the compact shape does not know, a touch of any kind or
 * a value unlike the import's keeps the record whole), whole otherwise.
 */
export function encodeUnsubscribe(record: UnsubscribeRecord): StoredUnsubscribe {
  const { orgId, recordId, status, createdAt, emailKey, ...rest } = record;
  const keys: StoredKeys = {
    o: orgId,
    i: recordId,
    t: createdAt,
    ...(emailKey === undefined ? {} : { e: emailKey }),
  };
  const compact = importRowOf(record, keys);
  if (compact && sameValue(decodeUnsubscribe(compact), record)) return compact;
  return { ...keys, s: status, w: rest };
}
