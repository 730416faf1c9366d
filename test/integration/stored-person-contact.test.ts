import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUnsubscribe } from '../../src/lib/db/unsubscribe-codec';
import { getUnsubscribe } from '../../src/lib/db/unsubscribes';
import type { UnsubscribeRecord } from '../../src/lib/db/schema';
import { movedToOf } from '../../src/lib/unsubscribe-record';
import { startEmulator, type Emulator } from '../emulator/index';
import { outboxHarness } from './outbox-harness';
import { harness, legacyClickRecord } from './reconcile-harness';

/**
 * An unsubscribe an earlier release stored for a person contact's `003` Id (it wrote person
 * contacts as Contacts). Neither the outbox nor the nightly run may send a write to it through
 * Contact: each moves it to the Person Account first and writes the Account where it lacks it.
 */

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 83,
    contacts: 10,
    leads: 0,
    personAccounts: 6,
    businessAccounts: 0,
    optedOutRate: 0,
    personContacts: true,
  });
});

afterAll(async () => {
  await emu?.close();
});

const personContacts = () => emu.org.list('Contact', { where: 'IsPersonAccount = true' });
const lastSeq = () => emu.log.entries().at(-1)?.seq ?? 0;

/** The person-contact checks (`personContactsSoql`) sent since `afterSeq`. */
const personChecks = (afterSeq: number) =>
  emu.log
    .entries({ afterSeq, kind: 'query' })
    .map((e) => new URLSearchParams(e.query).get('q') ?? '')
    .filter((soql) => /FROM Contact WHERE Id IN \(.*\) AND IsPersonAccount = true/.test(soql))
    .length;

/** Nothing the org applied, and no write request sent, names one of these Ids. */
function noWriteNamed(ids: readonly string[], afterSeq: number) {
  expect(emu.writes.entries().filter((w) => ids.includes(w.id))).toEqual([]);
  const kinds = ['collections-update', 'update', 'bulk2-ingest-upload'] as const;
  const bodies = [
    ...emu.log.entries({ afterSeq, kind: [...kinds] }),
    ...emu.log.subrequests({ afterSeq, kind: [...kinds] }),
  ].map((e) => e.requestBody ?? '');
  expect(bodies.filter((body) => ids.some((id) => body.includes(id)))).toEqual([]);
}

function expectMovedToAccount(old: UnsubscribeRecord | undefined, account: string) {
  expect(old?.status).toBe('failed');
  expect(old && movedToOf(old)).toEqual({
    recordId: account,
    object: 'Account',
    reason: 'person-account',
  });
}

describe('a stored unsubscribe of a person contact', () => {
  it('is moved to its Person Account by the outbox, which writes the Account alone', async () => {
    const [pc] = personContacts();
    if (!pc) throw new Error('no person contact');
    const account = String(pc.fields.AccountId);
    const h = await outboxHarness(emu);
    await h.db.put(
      'unsubscribes',
      encodeUnsubscribe({
        ...legacyClickRecord(emu, pc.id),
        nextAttemptAt: h.now(),
      }),
    );
    const since = lastSeq();
    await h.worker().flush();

    noWriteNamed([pc.id], since);
    expect(emu.org.get(account)?.fields.PersonHasOptedOutOfEmail).toBe(true);
    expectMovedToAccount(await h.stored(pc.id), account);
    const moved = await h.stored(account);
    expect(moved).toMatchObject({ object: 'Account', status: 'confirmed' });
    expect(moved && movedToOf(moved)?.reason).toBe('person-account');
    // The check, the read of the Account (its outcome is unknown after a move), its write.
    const kinds = emu.log
      .entries({ afterSeq: since, kind: ['collections-update', 'query', 'queryAll'] })
      .map((e) => e.kind);
    expect(kinds).toEqual(['query', 'query', 'collections-update']);
    expect(emu.writes.entries().filter((w) => w.id === account)).toHaveLength(1);
  });

  it('is sent once with the Account’s own waiting unsubscribe, in one request', async () => {
    const pc = personContacts()[3];
    if (!pc) throw new Error('no person contact');
    const account = String(pc.fields.AccountId);
    const h = await outboxHarness(emu);
    const waiting = { ...legacyClickRecord(emu, pc.id), nextAttemptAt: h.now() };
    await h.db.put('unsubscribes', encodeUnsubscribe(waiting));
    await h.db.put(
      'unsubscribes',
      encodeUnsubscribe({
        ...waiting,
        recordId: account,
        object: 'Account',
        fields: ['PersonHasOptedOutOfEmail'],
      }),
    );
    const since = lastSeq();
    await h.worker().flush();

    noWriteNamed([pc.id], since);
    const sent = emu.log.entries({ afterSeq: since, kind: 'collections-update' });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.requestBody?.split(account)).toHaveLength(2);
    expect(await h.stored(account)).toMatchObject({ status: 'confirmed' });
    expectMovedToAccount(await h.stored(pc.id), account);
  });

  it('is moved to its Person Account by the nightly run; a business Contact is checked once', async () => {
    const [, pc, otherPc] = personContacts();
    if (!pc || !otherPc) throw new Error('no person contact');
    const account = String(pc.fields.AccountId);
    const otherAccount = String(otherPc.fields.AccountId);
    // The second person's Account has it already: moved, and not written.
    emu.org.set(otherAccount, { PersonHasOptedOutOfEmail: true });
    const [business] = emu.org.list('Contact', {
      where: 'IsPersonAccount = false AND HasOptedOutOfEmail = false',
    });
    if (!business) throw new Error('no business Contact');
    const h = await harness(emu);
    for (const id of [pc.id, otherPc.id, business.id])
      await h.db.put('unsubscribes', encodeUnsubscribe(legacyClickRecord(emu, id)));
    const before = emu.apiUsage.used;
    const since = lastSeq();

    const run = await h.run();
    expect(run.status, JSON.stringify(run.errors)).toBe('done');
    // One check for the batch of three, and one write: the business Contact and the Account.
    expect(personChecks(since)).toBe(1);
    expect(emu.log.subrequests({ afterSeq: since, kind: 'collections-update' })).toHaveLength(1);
    noWriteNamed([pc.id, otherPc.id], since);
    expect(emu.org.get(account)?.fields.PersonHasOptedOutOfEmail).toBe(true);
    expect(emu.org.get(business.id)?.fields.HasOptedOutOfEmail).toBe(true);
    expect(emu.writes.entries().filter((w) => w.id === otherAccount)).toEqual([]);
    expectMovedToAccount(await getUnsubscribe(h.db, emu.orgId, pc.id), account);
    expectMovedToAccount(await getUnsubscribe(h.db, emu.orgId, otherPc.id), otherAccount);
    for (const id of [account, otherAccount]) {
      const moved = await getUnsubscribe(h.db, emu.orgId, id);
      expect(moved?.status, id).toBe('confirmed');
      expect(moved && movedToOf(moved)?.reason).toBe('person-account');
    }
    const checked = await getUnsubscribe(h.db, emu.orgId, business.id);
    expect(checked).toMatchObject({ status: 'confirmed', notPersonContact: true });
    expect(run.stats.apiCalls).toBe(emu.apiUsage.used - before);

    // Checked once: the next night's writes look nothing up again.
    emu.org.set(business.id, { HasOptedOutOfEmail: false });
    const seq = lastSeq();
    const next = await h.run();
    expect(next.status).toBe('done');
    expect(emu.org.get(business.id)?.fields.HasOptedOutOfEmail).toBe(true);
    expect(personChecks(seq)).toBe(0);
  });
});
