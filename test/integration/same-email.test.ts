import { Connection } from 'jsforce';
import type { Connection as CoreConnection } from 'jsforce/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnsubscribe } from '../../src/background/click';
import { sameEmailRecords } from '../../src/background/covered-records';
import type { OrgContext } from '../../src/background/org-context';
import { undoClick } from '../../src/background/undo-click';
import { COLLECTION_LIMIT } from '../../src/lib/salesforce/opt-out-writes';
import { API_VERSION } from '../../src/lib/salesforce/connection';
import { readPerson } from '../../src/lib/salesforce/person-read';
import type { ClickSnapshot } from '../../src/lib/same-email';
import { defaultSettings } from '../../src/lib/settings';
import type { LogEntry } from '../emulator/index';
import { startEmulator, type Emulator } from '../emulator/index';
import { outboxHarness, type OutboxHarness } from './outbox-harness';

/**
 * The person-level push (the `sameEmail` setting) in Node over fake-indexeddb and the emulator:
 * the card's state read finds the records with the clicked one's address, the click saves an
 * unsubscribe for each and sends them all in ONE Collections request, and Undo takes back every
 * one in ONE more. Counts are the emulator's own request log.
 */

let emu: Emulator;
let h: OutboxHarness;
let contacts: string[];
let leads: string[];
let personAccounts: string[];

beforeAll(async () => {
  emu = await startEmulator({
    seed: 23,
    contacts: 220,
    leads: 10,
    personAccounts: 4,
    businessAccounts: 0,
    optedOutRate: 0,
  });
  h = await outboxHarness(emu);
  contacts = emu.org.list('Contact', { where: 'HasOptedOutOfEmail = false' }).map((r) => r.id);
  leads = emu.org
    .list('Lead', { where: 'IsConverted = false AND HasOptedOutOfEmail = false' })
    .map((r) => r.id);
  personAccounts = emu.org
    .list('Account', { where: 'IsPersonAccount = true AND PersonHasOptedOutOfEmail = false' })
    .map((r) => r.id);
});

afterAll(async () => {
  await emu?.close();
});

function take(ids: string[], n = 1): string[] {
  const taken = ids.splice(0, n);
  if (taken.length < n) throw new Error('the seeded org ran out of records');
  return taken;
}
const one = (ids: string[]): string => take(ids)[0] ?? '';

let addresses = 0;
/** An address no other record of the org has. */
const freshAddress = () => `ada.lovelace.${++addresses}@twins.example.com`;

/** The Collections PATCH bodies the outbox sent, in order: the types of their records. */
const sentTypes: string[][] = [];

/** The org as the service worker reaches it; Collections bodies are recorded on the way. */
function orgContext(sameEmail = true): OrgContext {
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
  return { session, conn, db: h.db, settings: { ...defaultSettings(emu.orgId), sameEmail } };
}

/** The card's state read of a Contact: what it keeps for the click. */
async function cardLoad(ctx: OrgContext, id: string): Promise<ClickSnapshot> {
  const person = await readPerson(ctx.conn, { id, object: 'Contact' }, ['HasOptedOutOfEmail'], []);
  if ('standsFor' in person) throw new Error('a person contact: the org has none');
  const same = await sameEmailRecords(ctx, id, person.email);
  return { ...person, covered: same.covered };
}

/** The click handler over `ctx`, with the snapshot the card kept, sending through the outbox. */
function clickWith(ctx: OrgContext, snapshot: ClickSnapshot) {
  const outbox = h.worker((conn) => {
    const request = conn.request.bind(conn);
    conn.request = ((req: { url?: string; body?: string }, ...rest: unknown[]) => {
      if (req.url?.endsWith('/composite/sobjects') && typeof req.body === 'string') {
        const body = JSON.parse(req.body) as { records: { attributes: { type: string } }[] };
        sentTypes.push(body.records.map((r) => r.attributes.type));
      }
      return (request as (...args: unknown[]) => unknown)(req, ...rest);
    }) as typeof conn.request;
    return conn;
  });
  return createUnsubscribe({
    database: () => Promise.resolve(h.db),
    orgContextForPage: () => Promise.resolve(ctx),
    loadSnapshot: () => Promise.resolve(snapshot),
    userName: () => Promise.resolve('sam.rivera@example.com'),
    updateBadge: () => Promise.resolve(),
    flush: () => outbox.flush(),
    now: h.now,
  });
}

/** How many runs of one type a Collections body has: a new one at each change of type. */
const runsOf = (types: readonly string[]): number =>
  types.filter((type, i) => i === 0 || types[i - 1] !== type).length;

const lastSeq = () => emu.log.entries().at(-1)?.seq ?? 0;
/** Requests to the Salesforce API since a point in the log. */
const apiSince = (seq: number): LogEntry[] =>
  emu.log.entries({ afterSeq: seq }).filter((e) => e.path.startsWith('/services/'));
const field = (id: string, name: string) => emu.org.get(id)?.fields[name];

describe('with the same-email setting on, a click', () => {
  it('covers a Lead and a Person Account twin in ONE Collections request, and Undo takes back all three in one', async () => {
    const address = freshAddress();
    const contact = one(contacts);
    const lead = one(leads);
    const personAccount = one(personAccounts);
    const [converted = '', optedOutLead = ''] = take(leads, 2);
    const blank = one(contacts);
    emu.org.set(contact, { Email: address });
    emu.org.set(lead, { Email: address.toUpperCase() });
    emu.org.set(personAccount, { PersonEmail: address });
    emu.org.set(converted, { Email: address });
    // Converted into this person's Contact, as sales does once the Lead buys.
    emu.org.convertLead(converted, { contactId: contact });
    emu.org.set(optedOutLead, { Email: address, HasOptedOutOfEmail: true });
    emu.org.set(blank, { Email: null });

    const ctx = orgContext();
    const snapshot = await cardLoad(ctx, contact);
    expect(snapshot.covered?.map((r) => r.recordId)).toEqual([lead, personAccount]);
    expect(snapshot.covered?.find((r) => r.recordId === personAccount)?.setByClick).toEqual([
      'PersonHasOptedOutOfEmail',
    ]);
    // Where each belongs, read in the same query: the Lead's Company; a Person Account is the account.
    const company = String(emu.org.get(lead)?.fields.Company);
    expect(snapshot.covered?.find((r) => r.recordId === lead)?.place).toBe(company);
    expect(snapshot.covered?.find((r) => r.recordId === personAccount)).not.toHaveProperty('place');

    const seq = lastSeq();
    const sentBefore = sentTypes.length;
    const answer = await clickWith(ctx, snapshot)({ id: contact, object: 'Contact' }, 'https://x');
    // The click itself: ONE request, the Collections PATCH; no read.
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['collections-update']);
    // Its three records, in contiguous runs of one type each (3 of the 10 runs allowed).
    const [types = []] = sentTypes.slice(sentBefore);
    expect(sentTypes.length - sentBefore).toBe(1);
    expect([...types].sort()).toEqual(['Account', 'Contact', 'Lead']);
    expect(runsOf(types)).toBe(3);
    expect(answer).toMatchObject({
      ok: true,
      unsubscribe: { status: 'confirmed' },
      covered: [
        { recordId: lead, object: 'Lead', status: 'confirmed', place: company },
        { recordId: personAccount, object: 'Account', status: 'confirmed', place: null },
      ],
    });
    expect(field(contact, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(lead, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(personAccount, 'PersonHasOptedOutOfEmail')).toBe(true);
    expect(field(converted, 'HasOptedOutOfEmail')).toBe(false);
    expect(field(blank, 'HasOptedOutOfEmail')).toBe(false);

    const clicked = await h.stored(contact);
    expect(clicked?.covers).toEqual([lead, personAccount]);
    const name = emu.org.get(contact)?.fields.Name;
    for (const id of [lead, personAccount]) {
      const stored = await h.stored(id);
      expect(stored).toMatchObject({ status: 'confirmed', source: 'click' });
      expect(stored?.history[0]).toMatchObject({
        action: 'unsubscribed',
        who: 'sam.rivera@example.com',
        coveredBy: { recordId: contact, object: 'Contact', name },
      });
    }
    expect(await h.stored(converted)).toBeUndefined();
    expect(await h.stored(optedOutLead)).toBeUndefined();

    const undoSeq = lastSeq();
    if (!clicked) throw new Error('the click was not stored');
    expect(await undoClick(ctx, clicked, 'sam.rivera@example.com', h.now())).toBeNull();
    expect(apiSince(undoSeq).map((e) => e.kind)).toEqual(['collections-update']);
    for (const id of [contact, lead, personAccount])
      expect((await h.stored(id))?.status).toBe('undone');
    expect(field(contact, 'HasOptedOutOfEmail')).toBe(false);
    expect(field(lead, 'HasOptedOutOfEmail')).toBe(false);
    expect(field(personAccount, 'PersonHasOptedOutOfEmail')).toBe(false);
    // What was set before the click stays set: Undo clears only what the click set.
    expect(field(optedOutLead, 'HasOptedOutOfEmail')).toBe(true);
  });

  it(`on a person with more than ${COLLECTION_LIMIT} records takes one request per ${COLLECTION_LIMIT}`, async () => {
    const address = freshAddress();
    const [contact = '', ...twins] = take(contacts, COLLECTION_LIMIT + 1);
    for (const id of [contact, ...twins]) emu.org.set(id, { Email: address });
    const ctx = orgContext();
    const snapshot = await cardLoad(ctx, contact);
    expect(snapshot.covered).toHaveLength(COLLECTION_LIMIT);

    const seq = lastSeq();
    await clickWith(ctx, snapshot)({ id: contact, object: 'Contact' }, 'https://x');
    // 201 records: the rare case that needs a second request.
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['collections-update', 'collections-update']);
    expect([contact, ...twins].every((id) => field(id, 'HasOptedOutOfEmail') === true)).toBe(true);
  });
});

describe('with the same-email setting on, the card load', () => {
  it('leaves out a kind it cannot describe and still finds the others', async () => {
    const address = freshAddress();
    const contact = one(contacts);
    const lead = one(leads);
    const personAccount = one(personAccounts);
    emu.org.set(contact, { Email: address });
    emu.org.set(lead, { Email: address });
    emu.org.set(personAccount, { PersonEmail: address });
    // A browser with nothing cached yet, and Salesforce refusing the Lead describe.
    const fresh = await outboxHarness(emu);
    const ctx = { ...orgContext(), db: fresh.db };
    const fault = emu.faults.add({
      kind: 'describe',
      path: /\/Lead\//,
      error: 'REQUEST_LIMIT_EXCEEDED',
    });
    try {
      const snapshot = await cardLoad(ctx, contact);
      expect(snapshot.covered?.map((r) => r.recordId)).toEqual([personAccount]);
    } finally {
      emu.faults.remove(fault);
    }
  });
});

describe('with the same-email setting off', () => {
  it('the card reads no twins and a click sets the record alone, as before', async () => {
    const address = freshAddress();
    const contact = one(contacts);
    const lead = one(leads);
    emu.org.set(contact, { Email: address });
    emu.org.set(lead, { Email: address });
    const ctx = orgContext(false);

    const seq = lastSeq();
    const snapshot = await cardLoad(ctx, contact);
    expect(snapshot.covered).toEqual([]);
    expect(apiSince(seq).map((e) => e.kind)).toEqual(['retrieve']);

    // Even a snapshot kept while the setting was on covers nobody once it is off.
    const stale = await cardLoad(orgContext(true), contact);
    expect(stale.covered).toHaveLength(1);
    const answer = await clickWith(ctx, stale)({ id: contact, object: 'Contact' }, 'https://x');
    expect(answer).toMatchObject({ ok: true, covered: [] });
    expect(field(contact, 'HasOptedOutOfEmail')).toBe(true);
    expect(field(lead, 'HasOptedOutOfEmail')).toBe(false);
    expect((await h.stored(contact))?.covers).toBeUndefined();
    expect(await h.stored(lead)).toBeUndefined();
  });
});
