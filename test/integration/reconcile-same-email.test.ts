import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { getUnsubscribe } from '../../src/lib/db/unsubscribes';
import { emailKey } from '../../src/lib/same-email';
import type { EmulatorOptions } from '../emulator/index';
import { startEmulator, type Emulator } from '../emulator/index';
import { clickRecord, harness } from './reconcile-harness';

/**
 * R5 with the `sameEmail` rule, in Node against the emulator: after a night, every record whose
 * address is opted out on any record (in Salesforce or in the store) is opted out too; converted
 * Leads, person contacts and blank addresses are never written; an incremental night reads only
 * what changed and the records of the addresses new since; nothing is ever cleared.
 */

const ORG: EmulatorOptions = {
  seed: 67,
  contacts: 1500,
  leads: 1000,
  personAccounts: 300,
  businessAccounts: 30,
  optedOutRate: 0.1,
  personContacts: true,
  sameEmailRate: 0.15,
};

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator(ORG);
});

afterAll(async () => {
  await emu?.close();
});

interface Person {
  readonly id: string;
  readonly key: string | null;
  readonly optedOut: boolean;
}

/** The records an opt-out can be written to, with their address key and opt-out. */
function writablePeople(org: Emulator): Person[] {
  const person = (id: string, email: unknown, optedOut: unknown): Person => ({
    id,
    key: emailKey(typeof email === 'string' ? email : null),
    optedOut: optedOut === true,
  });
  return [
    ...org.org
      .list('Contact', { where: 'IsPersonAccount = false' })
      .map((r) => person(r.id, r.fields.Email, r.fields.HasOptedOutOfEmail)),
    ...org.org
      .list('Lead', { where: 'IsConverted = false' })
      .map((r) => person(r.id, r.fields.Email, r.fields.HasOptedOutOfEmail)),
    ...org.org
      .list('Account', { where: 'IsPersonAccount = true' })
      .map((r) => person(r.id, r.fields.PersonEmail, r.fields.PersonHasOptedOutOfEmail)),
  ];
}

/** Records with an opted-out address that are not opted out themselves: none after a night. */
function uncovered(org: Emulator, alsoOptedOut: readonly string[] = []): Person[] {
  const people = writablePeople(org);
  const extra = new Set(alsoOptedOut);
  const optedOutKeys = new Set(
    people.filter((p) => p.key !== null && (p.optedOut || extra.has(p.id))).map((p) => p.key),
  );
  return people.filter((p) => p.key !== null && optedOutKeys.has(p.key) && !p.optedOut);
}

/** Ids no write may target: converted Leads and person contacts. */
function neverWritten(org: Emulator): Set<string> {
  return new Set([
    ...org.org.list('Lead', { where: 'IsConverted = true' }).map((r) => r.id),
    ...org.org.list('Contact', { where: 'IsPersonAccount = true' }).map((r) => r.id),
  ]);
}

describe('the nightly reconcile with the same-email rule', () => {
  it('opts out every record of an opted-out address on a full pass, in two calls more than record by record', async () => {
    const before = uncovered(emu);
    expect(before.length).toBeGreaterThan(20);
    // A blank address matches nothing: of two records without one, opting out one leaves the
    // other as it is.
    const blank = emu.org
      .list('Contact', {
        where: 'HasOptedOutOfEmail = false AND IsPersonAccount = false',
        limit: 2,
      })
      .map((r) => r.id);
    for (const id of blank) emu.org.set(id, { Email: null });
    emu.org.set(blank[0] ?? '', { HasOptedOutOfEmail: true });
    const forbidden = neverWritten(emu);

    // The same org, night by night record by record, for the call budget.
    const twin = await startEmulator(ORG);
    const recordLevel = await (await harness(twin, { sameEmail: false })).run();
    await twin.close();
    expect(recordLevel.status).toBe('done');

    const h = await harness(emu);
    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(uncovered(emu)).toEqual([]);
    expect(run.stats.covered).toBe(before.length);
    expect(run.stats.written).toBe(recordLevel.stats.written + before.length);
    // The rule's own reads and writes: one composite each at this size (record by record, the
    // whole night is one: its reads, with the describes along).
    expect(run.stats.apiCalls).toBeLessThanOrEqual(recordLevel.stats.apiCalls + 2);
    expect(emu.org.get(blank[1] ?? '')?.fields.HasOptedOutOfEmail).toBe(false);
    expect([...emu.writes.countsById().keys()].filter((id) => forbidden.has(id))).toEqual([]);

    // The history of a covered record names the record whose address it shares.
    const [first] = before;
    const stored = await getUnsubscribe(h.db, emu.orgId, first?.id ?? '');
    const entry = stored?.history.at(-1);
    expect(entry?.action).toBe('imported');
    expect(entry?.coveredBy?.recordId).not.toBe(first?.id);
    expect(stored?.status).toBe('confirmed');
  });

  it('on an incremental night, reads what changed and the records of new addresses only', async () => {
    const h = await harness(emu);
    expect((await h.run()).status).toBe('done');
    // Between two nights: a Lead is opted out in Salesforce, whose address a Contact shares;
    // a rep's click is stored on a Contact whose address a Lead shares.
    const pair = (object: 'Lead' | 'Contact', other: 'Lead' | 'Contact') => {
      const byKey = new Map(
        emu.org
          .list(other, {
            where: `HasOptedOutOfEmail = false${other === 'Lead' ? ' AND IsConverted = false' : ' AND IsPersonAccount = false'}`,
          })
          .map((r) => [emailKey(String(r.fields.Email ?? '')), r.id]),
      );
      const where = `HasOptedOutOfEmail = false${object === 'Lead' ? ' AND IsConverted = false' : ' AND IsPersonAccount = false'}`;
      for (const r of emu.org.list(object, { where })) {
        const found = byKey.get(emailKey(String(r.fields.Email ?? '')));
        if (found && found !== r.id) return [r.id, found] as const;
      }
      throw new Error(`no ${object} with a ${other} twin`);
    };
    const [lead, leadsContact] = pair('Lead', 'Contact');
    emu.org.set(lead, { HasOptedOutOfEmail: true });
    const [clicked, clickedsLead] = pair('Contact', 'Lead');
    await h.db.put(
      'unsubscribes',
      encodeUnsubscribe({
        ...clickRecord(emu, clicked, 'Contact'),
        email: String(emu.org.get(clicked)?.fields.Email),
        emailKey: emailKey(String(emu.org.get(clicked)?.fields.Email)) ?? '',
        createdAt: Date.now(),
      }),
    );
    const queriesBefore = emu.log.count({ kind: 'composite' });

    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    expect(run.fullPass).toBe(false);
    for (const id of [leadsContact, clicked, clickedsLead])
      expect(emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(true);
    expect(uncovered(emu)).toEqual([]);
    // One composite for the changes of the three kinds, one for the two new addresses (a query
    // per kind, all three in the one call), and one that writes.
    expect(emu.log.count({ kind: 'composite' }) - queriesBefore).toBe(1 + 1 + 1);
    expect(run.stats.covered).toBe(2);
    const history = (await getUnsubscribe(h.db, emu.orgId, leadsContact))?.history;
    expect(history?.at(-1)?.coveredBy?.recordId).toBe(lead);

    // A night with nothing changed looks up no address again: the last run covered them all.
    const quietBefore = emu.log.count({ kind: 'composite' });
    const quiet = await h.run();
    expect(quiet.status).toBe('done');
    expect(emu.log.count({ kind: 'composite' }) - quietBefore).toBe(1);
    expect(quiet.stats.covered).toBe(0);
  });

  it('looks up no address again the next night, even on a clock of whole seconds', async () => {
    // The import's last records and the same-email phase's start fall in the same tick here:
    // the phase starts at the next tick, so those records are not new to the next night.
    const h = await harness(emu);
    const seconds = () => Math.floor(Date.now() / 1000) * 1000;
    expect((await h.run({ now: seconds })).status).toBe('done');
    const before = emu.log.count({ kind: 'composite' });
    const next = await h.run({ now: seconds });
    expect(next.status).toBe('done');
    // The changes of the three kinds in one composite, and no address looked up.
    expect(emu.log.count({ kind: 'composite' }) - before).toBe(1);
  });

  it('with the setting off, opts out only the records themselves', async () => {
    const org = await startEmulator({ ...ORG, seed: 71 });
    try {
      const before = uncovered(org);
      const run = await (await harness(org, { sameEmail: false })).run();
      expect(run.status).toBe('done');
      expect(run.stats.covered).toBe(0);
      expect(uncovered(org)).toEqual(before);
    } finally {
      await org.close();
    }
  });
});
