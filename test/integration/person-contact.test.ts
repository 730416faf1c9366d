import { Connection } from 'jsforce';
import type { Connection as CoreConnection } from 'jsforce/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUnsubscribe } from '../../src/background/click';
import type { OrgContext } from '../../src/background/org-context';
import { recordState } from '../../src/background/record-state';
import { loadSnapshot } from '../../src/background/snapshots';
import { parsePersonId } from '../../src/lib/ids';
import { API_VERSION } from '../../src/lib/salesforce/connection';
import { defaultSettings } from '../../src/lib/settings';
import { startEmulator, type Emulator } from '../emulator/index';
import { outboxHarness, type OutboxHarness } from './outbox-harness';

/**
 * A page of a person contact (the Contact of a Person Account, whose `003` Id a Contact URL may
 * show) in Node over fake-indexeddb and the emulator with `personContacts`: the card's state is
 * the Account's, and the click stores and writes the Account, never the person contact.
 */

// The card's state read runs in the service worker: its session storage and org lookup are
// replaced here, where the extension APIs cannot be imported.
const session = new Map<string, unknown>();
let ctx: OrgContext;
vi.mock('../../src/background/extension-api', () => ({
  readSessionStorage: (key: string) => Promise.resolve(session.get(key)),
  writeSessionStorage: (key: string, value: unknown) => {
    session.set(key, value);
    return Promise.resolve();
  },
}));
vi.mock('../../src/background/org-context', () => ({
  orgContextForPage: () => Promise.resolve(ctx),
  userNameFor: () => Promise.resolve('sam.rivera@example.com'),
}));

let emu: Emulator;
let h: OutboxHarness;

beforeAll(async () => {
  emu = await startEmulator({
    seed: 61,
    contacts: 5,
    leads: 0,
    personAccounts: 4,
    businessAccounts: 0,
    optedOutRate: 0,
    personContacts: true,
  });
  h = await outboxHarness(emu);
  ctx = {
    session: {
      instanceUrl: `https://${emu.myDomainHost}`,
      accessToken: emu.sessions.createSession(),
      orgId: emu.orgId,
    },
    conn: new Connection({
      instanceUrl: emu.baseUrl,
      accessToken: emu.sessions.createSession(),
      version: API_VERSION,
    }) as unknown as CoreConnection,
    db: h.db,
    settings: defaultSettings(emu.orgId),
  };
});

afterAll(async () => {
  await emu?.close();
});

const lastSeq = () => emu.log.entries().at(-1)?.seq ?? 0;

describe('a page of a person contact', () => {
  it('shows the Person Account, and its click stores and writes the Account alone', async () => {
    const [personContact] = emu.org.list('Contact', { where: 'IsPersonAccount = true' });
    if (!personContact) throw new Error('the seeded org has no person contact');
    const accountId = String(personContact.fields.AccountId);
    const ref = parsePersonId(personContact.id);
    if (!ref) throw new Error('not a person Id');
    const pageUrl = emu.recordUrl(personContact.id);

    const loadSeq = lastSeq();
    const answer = await recordState(ref, pageUrl);
    if (!answer.ok) throw new Error(`state read failed: ${answer.code}`);
    expect(answer.state).toMatchObject({
      id: accountId,
      object: 'Account',
      isPerson: true,
      name: emu.org.get(accountId)?.fields.Name,
      pushFields: ['PersonHasOptedOutOfEmail'],
    });

    // One retrieve more than for any other person: the person contact's, then its Account's.
    const retrieves = emu.log.entries({ kind: 'retrieve', afterSeq: loadSeq });
    expect(retrieves.map((e) => e.path.split('/').at(-2))).toEqual(['Contact', 'Account']);

    // The card asks for the click on the record its state names.
    const seq = lastSeq();
    const outbox = h.worker();
    const click = createUnsubscribe({
      database: () => Promise.resolve(h.db),
      orgContextForPage: () => Promise.resolve(ctx),
      loadSnapshot,
      userName: () => Promise.resolve('sam.rivera@example.com'),
      updateBadge: () => Promise.resolve(),
      flush: () => outbox.flush(),
      now: h.now,
    });
    const clicked = await click({ id: answer.state.id, object: answer.state.object }, pageUrl);
    expect(clicked).toMatchObject({ ok: true, unsubscribe: { status: 'confirmed' } });

    expect(await h.stored(accountId)).toMatchObject({ object: 'Account' });
    expect(await h.stored(personContact.id)).toBeUndefined();
    expect(emu.log.entries({ kind: 'collections-update', afterSeq: seq })).toHaveLength(1);
    const writes = emu.writes.entries();
    expect(writes.map((w) => [w.object, w.id])).toEqual([['Account', accountId]]);
    expect(writes[0]?.fields).toMatchObject({ PersonHasOptedOutOfEmail: true });
    expect(emu.org.get(accountId)?.fields.PersonHasOptedOutOfEmail).toBe(true);
    // The person contact shows the Account's change.
    expect(emu.org.get(personContact.id)?.fields.HasOptedOutOfEmail).toBe(true);
  });
});
