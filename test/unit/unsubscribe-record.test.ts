import { describe, expect, it } from 'vitest';
import type { UnsubscribeRecord } from '../../src/lib/db/schema';
import {
  clicked,
  confirmed,
  failed,
  isDue,
  moved,
  movedToOf,
  readByRun,
  retryRequested,
  runWriteFailed,
  sending,
  undone,
  viewOf,
  writtenByRun,
  type ClickedUnsubscribe,
} from '../../src/lib/unsubscribe-record';

const CLICK: ClickedUnsubscribe = {
  orgId: '00Dxx0000001gPLEAY',
  recordId: '003xx000004TmiQAAS',
  object: 'Contact',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  instanceUrl: 'https://acme.my.salesforce.com',
  fields: ['HasOptedOutOfEmail'],
  setByClick: ['HasOptedOutOfEmail'],
  who: 'rep@acme.com',
  pageUrl: 'https://acme.lightning.force.com/lightning/r/Contact/003xx000004TmiQAAS/view',
};
const T0 = 1_800_000_000_000;

describe('an unsubscribe in the outbox', () => {
  it('is saved pending and due at once, with who, when and where in its history', () => {
    const record = clicked(CLICK, undefined, T0);
    expect(record).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0,
      source: 'click',
      createdBy: 'rep@acme.com',
    });
    expect(record.history).toEqual([
      { at: T0, who: 'rep@acme.com', action: 'unsubscribed', detail: CLICK.pageUrl },
    ]);
    expect(isDue(record, T0)).toBe(true);
  });

  it('keeps where a covered record belongs, for the card after the click; none when blank', () => {
    expect(clicked({ ...CLICK, place: 'Acme' }, undefined, T0).place).toBe('Acme');
    expect(clicked({ ...CLICK, place: '' }, undefined, T0)).not.toHaveProperty('place');
    expect(clicked(CLICK, undefined, T0)).not.toHaveProperty('place');
  });

  it('ignores a second click on a live unsubscribe', () => {
    const first = clicked(CLICK, undefined, T0);
    expect(clicked(CLICK, first, T0 + 5)).toBe(first);
    const done = confirmed(sending(first, T0), T0 + 10);
    expect(clicked(CLICK, done, T0 + 20)).toBe(done);
  });

  it('is confirmed by a successful send', () => {
    const record = confirmed(sending(clicked(CLICK, undefined, T0), T0), T0 + 100);
    expect(record).toMatchObject({
      status: 'confirmed',
      attempts: 1,
      outcomeUnknown: false,
      nextAttemptAt: null,
      confirmedAt: T0 + 100,
    });
    expect(isDue(record, T0 + 1e9)).toBe(false);
  });

  it('marks a started send as of unknown outcome until Salesforce answers', () => {
    expect(sending(clicked(CLICK, undefined, T0), T0).outcomeUnknown).toBe(true);
  });

  it('retries transient failures with backoff, keeping the outcome unknown only after a network failure', () => {
    const sent = sending(clicked(CLICK, undefined, T0), T0);
    // A short fault's first retry comes within a second (half of it fixed, half jitter).
    const offline = failed(sent, { ok: false, code: 'network' }, T0, () => 0);
    expect(offline).toMatchObject({
      status: 'pending',
      outcomeUnknown: true,
      nextAttemptAt: T0 + 500,
    });
    expect(isDue(offline, T0 + 499)).toBe(false);
    expect(isDue(offline, T0 + 500)).toBe(true);
    const busy = failed(
      sent,
      { ok: false, code: 'server-busy', errorCode: 'UNABLE_TO_LOCK_ROW' },
      T0,
      () => 1,
    );
    expect(busy).toMatchObject({
      status: 'pending',
      outcomeUnknown: false,
      nextAttemptAt: T0 + 1_000,
    });
    // A rate limit is no short fault: the slow backoff from the first retry.
    expect(failed(sent, { ok: false, code: 'rate-limited' }, T0, () => 1).nextAttemptAt).toBe(
      T0 + 30_000,
    );
    for (const code of ['session-expired', 'rate-limited', 'no-session'] as const) {
      expect(failed(sent, { ok: false, code }, T0).status).toBe('pending');
    }
  });

  it('keeps permanent failures with Salesforce’s reason until a person retries', () => {
    const sent = sending(clicked(CLICK, undefined, T0), T0);
    const failure = {
      ok: false,
      code: 'validation',
      errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      detail: 'Email is required',
    } as const;
    const record = failed(sent, failure, T0 + 1);
    expect(record).toMatchObject({ status: 'failed', nextAttemptAt: null, lastError: failure });
    expect(record.history.at(-1)).toMatchObject({ action: 'failed', detail: 'Email is required' });
    const retried = retryRequested(record, 'rep@acme.com', T0 + 2);
    expect(retried).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 2 });
    // Its fields are decided again when it is sent.
    expect(retried.fields).toEqual([]);
    expect(retried.history.at(-1)).toMatchObject({ action: 'retried', who: 'rep@acme.com' });
  });

  it('keeps its history through an undo and a later click', () => {
    const first = confirmed(sending(clicked(CLICK, undefined, T0), T0), T0 + 1);
    const taken: UnsubscribeRecord = undone(first, 'rep@acme.com', T0 + 2);
    expect(taken.status).toBe('undone');
    const again = clicked(CLICK, taken, T0 + 3);
    expect(again.status).toBe('pending');
    expect(again.history.map((h) => h.action)).toEqual([
      'unsubscribed',
      'confirmed',
      'undone',
      'unsubscribed',
    ]);
  });
});

describe('an unsubscribe the nightly run reads in Salesforce', () => {
  const waiting = sending(clicked(CLICK, undefined, T0), T0);

  it('is confirmed once Salesforce has all its fields, and remembers what it has', () => {
    expect(readByRun(waiting, ['HasOptedOutOfEmail', 'Sales_Opt_Out__c'], 'run1', T0)).toEqual({
      ...waiting,
      status: 'confirmed',
      nextAttemptAt: null,
      confirmedAt: T0,
      syncedFields: ['HasOptedOutOfEmail', 'Sales_Opt_Out__c'],
      seenByRun: 'run1',
    });
  });

  it('keeps waiting while a field is missing, or when its fields are still to be decided', () => {
    const expected = { ...waiting, syncedFields: [], seenByRun: 'run1' };
    expect(readByRun(waiting, [], 'run1', T0)).toEqual(expected);
    const retried = { ...waiting, fields: [] };
    expect(readByRun(retried, ['HasOptedOutOfEmail'], 'run1', T0).status).toBe('pending');
  });
});

describe('an unsubscribe the nightly run writes to Salesforce', () => {
  const waiting = sending(clicked(CLICK, undefined, T0), T0);
  const busy = { ok: false, code: 'server-busy', errorCode: 'UNABLE_TO_LOCK_ROW' } as const;

  it('confirms a waiting click and remembers what this run set', () => {
    const withError = { ...waiting, lastError: busy };
    const record = writtenByRun(withError, ['HasOptedOutOfEmail', 'Sales_Opt_Out__c'], 'run1', T0);
    expect(record).toEqual({
      ...withError,
      status: 'confirmed',
      nextAttemptAt: null,
      confirmedAt: T0,
      lastError: null,
      syncedFields: ['HasOptedOutOfEmail', 'Sales_Opt_Out__c'],
      seenByRun: 'run1',
    });
  });

  it('leaves any other status as it is', () => {
    const done = confirmed(waiting, T0);
    expect(writtenByRun(done, ['HasOptedOutOfEmail'], 'run1', T0 + 1)).toEqual({
      ...done,
      syncedFields: ['HasOptedOutOfEmail'],
      seenByRun: 'run1',
    });
  });

  it('keeps a permanent failure for a person, with the outcome of an earlier send as it was', () => {
    const failure = { ok: false, code: 'not-found', errorCode: 'ENTITY_IS_DELETED' } as const;
    const record = runWriteFailed(waiting, failure, T0 + 1);
    expect(record).toEqual({
      ...waiting,
      status: 'failed',
      nextAttemptAt: null,
      lastError: failure,
      history: [
        ...waiting.history,
        { at: T0 + 1, who: 'Salesforce', action: 'failed', detail: 'not-found' },
      ],
    });
    expect(record.outcomeUnknown).toBe(true);
  });

  it('changes nothing after a transient failure: the next run tries again', () => {
    expect(runWriteFailed(waiting, busy, T0 + 1)).toBe(waiting);
  });
});

describe('an unsubscribe whose record moved', () => {
  const gone = failed(
    confirmed(clicked(CLICK, undefined, T0), T0 + 1),
    { ok: false, code: 'not-found', errorCode: 'ENTITY_IS_DELETED' },
    T0 + 2,
  );
  const to = { recordId: '003xx000004TmiRAAS', object: 'Contact', reason: 'merged' } as const;

  it('moves to the master with its history, read first there, and leaves a pointer behind', () => {
    const move = moved(gone, to, undefined, T0 + 3);
    expect(move.to).toMatchObject({
      recordId: to.recordId,
      status: 'pending',
      fields: ['HasOptedOutOfEmail'],
      setByClick: [],
      outcomeUnknown: true,
      nextAttemptAt: T0 + 3,
      lastError: null,
    });
    expect(move.to.syncedFields).toBeUndefined();
    expect(move.to.history.map((e) => e.action)).toEqual([
      'unsubscribed',
      'confirmed',
      'failed',
      'moved',
    ]);
    expect(move.from.status).toBe('failed');
    expect(movedToOf(move.from)).toEqual(to);
    expect(viewOf(move.from)?.movedTo).toEqual(to);
  });

  it('keeps a live unsubscribe the target already has, and decides another object’s fields later', () => {
    const existing = clicked({ ...CLICK, recordId: to.recordId }, undefined, T0);
    expect(moved(gone, to, existing, T0 + 3).to.status).toBe('pending');
    expect(moved(gone, to, existing, T0 + 3).to.createdAt).toBe(existing.createdAt);
    const lead = { ...gone, object: 'Lead' as const, recordId: '00Qxx0000001gPLEAY' };
    const converted = { ...to, reason: 'converted' } as const;
    expect(moved(lead, converted, undefined, T0 + 3).to).toMatchObject({
      object: 'Contact',
      fields: [],
    });
  });

  it('knows a merge master is no person contact, and leaves a converted Lead’s Contact to be checked', () => {
    expect(moved(gone, to, undefined, T0 + 3).to.notPersonContact).toBe(true);
    const lead = { ...gone, object: 'Lead' as const, recordId: '00Qxx0000001gPLEAY' };
    const converted = { ...to, reason: 'converted' } as const;
    expect(moved(lead, converted, undefined, T0 + 3).to.notPersonContact).toBeUndefined();
  });

  it('retires a person contact’s unsubscribe found before any write, so it is never sent', () => {
    const waiting = clicked(CLICK, undefined, T0);
    const account = {
      recordId: '001xx000003DGb2AAG',
      object: 'Account',
      reason: 'person-account',
    } as const;
    const move = moved(waiting, account, undefined, T0 + 1);
    expect(move.from).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(isDue(move.from, T0 + 1)).toBe(false);
    expect(move.to).toMatchObject({ object: 'Account', status: 'pending', fields: [] });
    expect(movedToOf(move.to)?.reason).toBe('person-account');
  });
});

describe('the mark of a Contact unsubscribe that is no person contact', () => {
  it('is set on a click’s Contact, and on no other object', () => {
    expect(clicked(CLICK, undefined, T0).notPersonContact).toBe(true);
    const lead = clicked({ ...CLICK, object: 'Lead' }, undefined, T0);
    expect('notPersonContact' in lead).toBe(false);
  });
});
