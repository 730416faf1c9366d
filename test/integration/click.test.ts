import { Connection } from 'jsforce';
import { getUnsubscribe } from '../../src/lib/db/unsubscribes';
import type { Connection as CoreConnection } from 'jsforce/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUnsubscribe, type ClickDeps } from '../../src/background/click';
import type { OrgContext } from '../../src/background/org-context';
import { openDatabase, type Database } from '../../src/lib/db/open';
import { DB_VERSION } from '../../src/lib/db/schema';
import type { RecordRef } from '../../src/lib/ids';
import { API_VERSION } from '../../src/lib/salesforce/connection';
import { defaultSettings } from '../../src/lib/settings';
import { startEmulator, type Emulator } from '../emulator/index';
import { outboxHarness, type OutboxHarness } from './outbox-harness';

/**
 * The click handler (SPEC R2) in Node over fake-indexeddb and the emulator, wired to a real
 * outbox: a click the browser cannot store (quota exceeded, IndexedDB unavailable, an upgrade
 * blocked by another connection) is answered 'not-saved', is not stored, and sends nothing.
 */

let emu: Emulator;
let h: OutboxHarness;
let unused: string[];

beforeAll(async () => {
  emu = await startEmulator({
    seed: 5,
    contacts: 10,
    leads: 0,
    personAccounts: 0,
    businessAccounts: 0,
    optedOutRate: 0,
  });
  h = await outboxHarness(emu);
  unused = emu.org.list('Contact', { where: 'HasOptedOutOfEmail = false' }).map((r) => r.id);
});

afterAll(async () => {
  await emu?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function contact(): RecordRef {
  const id = unused.shift();
  if (!id) throw new Error('the seeded org ran out of Contacts');
  return { id, object: 'Contact' };
}

/** The org as the service worker reaches it, over `db`. */
function orgContext(db: Database): OrgContext {
  const session = {
    instanceUrl: `https://${emu.myDomainHost}`,
    accessToken: emu.sessions.createSession(),
    orgId: emu.orgId,
  };
  const conn = new Connection({
    instanceUrl: emu.baseUrl,
    accessToken: session.accessToken,
    version: API_VERSION,
  }) as unknown as CoreConnection;
  return { session, conn, db, settings: defaultSettings(emu.orgId) };
}

/** The click handler over `database`, sending through a spied real outbox. */
function clickHandler(database: () => Promise<Database>, extra: Partial<ClickDeps> = {}) {
  const outbox = h.worker();
  const flush = vi.fn(() => outbox.flush());
  const orgContextForPage = vi.fn(async () => orgContext(await database()));
  const unsubscribe = createUnsubscribe({
    database,
    orgContextForPage,
    loadSnapshot: () => Promise.resolve(null),
    userName: () => Promise.resolve('rep'),
    updateBadge: () => Promise.resolve(),
    flush,
    // The outbox's clock, so that the click is due when it flushes.
    now: h.now,
    ...extra,
  });
  return { unsubscribe, flush, orgContextForPage };
}

const writesSince = (afterSeq: number) =>
  emu.log.entries({ kind: 'collections-update', afterSeq }).length;
const lastSeq = () => emu.log.entries().at(-1)?.seq ?? 0;
const quotaExceeded = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('a click', () => {
  it('is saved, then sent once by the outbox, and answered with its state', async () => {
    const ref = contact();
    const { unsubscribe, flush } = clickHandler(() => Promise.resolve(h.db));
    const seq = lastSeq();
    const answer = await unsubscribe(ref, emu.recordUrl(ref.id));
    expect(answer).toMatchObject({ ok: true, unsubscribe: { status: 'confirmed' } });
    expect(flush).toHaveBeenCalledTimes(1);
    expect(writesSince(seq)).toBe(1);
    expect(emu.org.get(ref.id)?.fields.HasOptedOutOfEmail).toBe(true);
  });

  it('that the store refuses (QuotaExceededError) says not-saved, stores nothing, sends nothing', async () => {
    const ref = contact();
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaExceeded();
    });
    const { unsubscribe, flush } = clickHandler(() => Promise.resolve(h.db));
    const seq = lastSeq();
    const answer = await unsubscribe(ref, emu.recordUrl(ref.id));
    expect(put).toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(answer).toEqual({ ok: false, code: 'not-saved' });
    expect(await h.stored(ref.id)).toBeUndefined();
    expect(flush).not.toHaveBeenCalled();
    expect(writesSince(seq)).toBe(0);
    expect(emu.org.get(ref.id)?.fields.HasOptedOutOfEmail).toBe(false);
  });

  it('when IndexedDB cannot be opened says not-saved and sends nothing', async () => {
    const ref = contact();
    const unavailable = () =>
      Promise.reject(new DOMException('Internal error opening backing store', 'UnknownError'));
    const { unsubscribe, flush, orgContextForPage } = clickHandler(unavailable);
    const answer = await unsubscribe(ref, emu.recordUrl(ref.id));
    expect(answer).toEqual({ ok: false, code: 'not-saved' });
    expect(orgContextForPage).not.toHaveBeenCalled();
    expect(flush).not.toHaveBeenCalled();
  });

  it('while an upgrade is blocked by another connection says not-saved within the bound', async () => {
    const ref = contact();
    const name = `blocked-${Math.random()}`;
    // An older worker's connection that never closes: the newer version's open waits for ever.
    const older = await openDatabase(name);
    let upgraded: Promise<Database> | undefined;
    const blocked = () => (upgraded ??= openDatabase(name, DB_VERSION + 1));
    const { unsubscribe, flush } = clickHandler(blocked, { openTimeoutMs: 200 });
    const started = Date.now();
    const answer = await unsubscribe(ref, emu.recordUrl(ref.id));
    expect(answer).toEqual({ ok: false, code: 'not-saved' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(flush).not.toHaveBeenCalled();
    expect(await getUnsubscribe(older, emu.orgId, ref.id)).toBeUndefined();
    older.close();
    (await upgraded)?.close();
  });
});
