import { describe, expect, it } from 'vitest';
import type { UnsubscribeRecord } from '../../src/lib/db/schema';
import { afterSalesforceRead, fieldsToWrite } from '../../src/lib/reconcile/diff';

/** The run whose export is asked about; it began after every confirmation of `base`. */
const RUN_START = Date.UTC(2030, 0, 1);
const INCREMENTAL = { id: 'r', fullPass: false, startedAt: RUN_START };
const FULL_PASS = { id: 'r', fullPass: true, startedAt: RUN_START };

const base: UnsubscribeRecord = {
  orgId: '00Dxx0000001gPLEAY',
  recordId: '003xx000004TmiQAAS',
  object: 'Contact',
  name: 'Ada',
  email: null,
  instanceUrl: 'https://acme.my.salesforce.com',
  status: 'confirmed',
  fields: ['HasOptedOutOfEmail'],
  setByClick: [],
  source: 'click',
  createdAt: 1,
  createdBy: 'rep',
  pageUrl: null,
  attempts: 1,
  outcomeUnknown: false,
  nextAttemptAt: null,
  lastError: null,
  confirmedAt: 1,
  history: [],
  syncedFields: ['HasOptedOutOfEmail'],
};
const BOTH = ['HasOptedOutOfEmail', 'mkto_si__Marketo_Sales_Opt_Out__c'];

describe('Salesforce -> extension (R5)', () => {
  it('imports a record opted out in Salesforce that the store lacks, or holds only as undone', () => {
    expect(afterSalesforceRead(undefined, ['HasOptedOutOfEmail'], 'r', 5)).toBe('import');
    expect(afterSalesforceRead({ ...base, status: 'undone' }, ['HasOptedOutOfEmail'], 'r', 5)).toBe(
      'import',
    );
    expect(afterSalesforceRead(undefined, [], 'r', 5)).toBe('nothing');
  });

  it('never drops a stored unsubscribe when Salesforce has the field unchecked (R6)', () => {
    const next = afterSalesforceRead(base, [], 'r', 5);
    expect(next).toMatchObject({ status: 'confirmed', syncedFields: [], seenByRun: 'r' });
  });

  it('confirms a waiting click once Salesforce has all its fields', () => {
    const pending = { ...base, status: 'pending' as const, fields: BOTH };
    expect(afterSalesforceRead(pending, ['HasOptedOutOfEmail'], 'r', 5)).toMatchObject({
      status: 'pending',
    });
    expect(afterSalesforceRead(pending, BOTH, 'r', 5)).toMatchObject({
      status: 'confirmed',
      confirmedAt: 5,
    });
  });
});

describe('extension -> Salesforce (R5, R6)', () => {
  it('writes the chosen fields Salesforce is not known to have', () => {
    expect(fieldsToWrite(base, BOTH, INCREMENTAL)).toEqual(['mkto_si__Marketo_Sales_Opt_Out__c']);
    expect(fieldsToWrite(base, ['HasOptedOutOfEmail'], INCREMENTAL)).toEqual([]);
    expect(
      fieldsToWrite({ ...base, syncedFields: [] }, ['HasOptedOutOfEmail'], INCREMENTAL),
    ).toEqual(['HasOptedOutOfEmail']);
  });

  it('on a full pass trusts only what this run read', () => {
    expect(fieldsToWrite(base, ['HasOptedOutOfEmail'], FULL_PASS)).toEqual(['HasOptedOutOfEmail']);
    expect(fieldsToWrite({ ...base, seenByRun: 'r' }, ['HasOptedOutOfEmail'], FULL_PASS)).toEqual(
      [],
    );
  });

  it('on a full pass also trusts a push Salesforce confirmed after the run began', () => {
    // The outbox's flush beside the run: the click is confirmed, and written once only.
    const pushed = { ...base, confirmedAt: RUN_START + 1 };
    expect(fieldsToWrite(pushed, ['HasOptedOutOfEmail'], FULL_PASS)).toEqual([]);
    const before = { ...base, confirmedAt: RUN_START - 1 };
    expect(fieldsToWrite(before, ['HasOptedOutOfEmail'], FULL_PASS)).toEqual([
      'HasOptedOutOfEmail',
    ]);
  });

  it('skips failed records and skipped objects, and never writes for an undone one', () => {
    expect(fieldsToWrite({ ...base, status: 'failed' }, BOTH, INCREMENTAL)).toBe('skip');
    expect(fieldsToWrite(base, undefined, INCREMENTAL)).toBe('skip');
    expect(
      fieldsToWrite({ ...base, status: 'undone', syncedFields: [] }, BOTH, INCREMENTAL),
    ).toEqual([]);
  });

  it('leaves a click the outbox holds to the outbox, and writes a waiting one it does not hold', () => {
    const waiting = { ...base, status: 'pending' as const, syncedFields: [] };
    // Due, or in its backoff: the outbox sends it.
    expect(fieldsToWrite({ ...waiting, nextAttemptAt: 5 }, BOTH, FULL_PASS)).toEqual([]);
    // Refused by the API, waiting for a new session: still the outbox's.
    const refused = { ok: false as const, code: 'api-disabled' as const };
    expect(fieldsToWrite({ ...waiting, lastError: refused }, BOTH, FULL_PASS)).toEqual([]);
    // Made by a run for a same-email record (no retry time): the run writes it.
    expect(fieldsToWrite(waiting, BOTH, FULL_PASS)).toEqual(BOTH);
  });
});
