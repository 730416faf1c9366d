import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { UnsubscribeRecord } from '../../src/lib/db/schema';
import {
  decodeUnsubscribe,
  encodeUnsubscribe,
  type StoredUnsubscribe,
} from '../../src/lib/db/unsubscribe-codec';
import {
  importedUnsubscribe,
  sameEmailUnsubscribe,
  withReadAddress,
  type SalesforceOptOut,
} from '../../src/lib/reconcile/diff';
import {
  clicked,
  readByRun,
  runWriteFailed,
  undone,
  writtenByRun,
} from '../../src/lib/unsubscribe-record';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

const NOW = Date.UTC(2026, 10, 3, 4, 5, 6, 789);
/** The nightly run that imported: started a few minutes before this page of its reads. */
const RUN = `${ORG}:${NOW - 312_345}`;

const optOut = (over: Partial<SalesforceOptOut> = {}): SalesforceOptOut => ({
  orgId: ORG,
  instanceUrl: 'https://acme-corp.my.salesforce.com',
  recordId: '0035g00000QwErTAAZ',
  object: 'Contact',
  name: 'Katherine Johnson',
  email: 'katherine.johnson@nasa.gov',
  setFields: ['HasOptedOutOfEmail'],
  ...over,
});

const imported = (over: Partial<SalesforceOptOut> = {}): UnsubscribeRecord =>
  importedUnsubscribe(optOut(over), [], RUN, NOW);

/**
 * The bytes Chromium's IndexedDB holds for a value: V8's structured-clone serialization (the
 * same ValueSerializer as Node's `v8.serialize`; Blink adds a few bytes of envelope).
 */
const bytes = (row: StoredUnsubscribe): number => serialize(row).length;

const roundTrip = (record: UnsubscribeRecord): UnsubscribeRecord =>
  decodeUnsubscribe(encodeUnsubscribe(record));

const isWhole = (record: UnsubscribeRecord): boolean => 'w' in encodeUnsubscribe(record);

describe('an import nobody touched', () => {
  it('is stored in at most 150 bytes and read back whole, exactly', () => {
    const record = imported();
    const row = encodeUnsubscribe(record);
    expect('w' in row).toBe(false);
    expect(bytes(row)).toBeLessThanOrEqual(150);
    // The old shape, for scale: the record itself.
    expect(serialize(record).length).toBeGreaterThan(4 * bytes(row));
    expect(decodeUnsubscribe(row)).toEqual(record);
  });

  it('stores an address with capitals as its key and where the capitals are', () => {
    const row = encodeUnsubscribe(imported({ email: 'Katherine.Johnson@NASA.gov' }));
    expect(row).toMatchObject({
      e: 'katherine.johnson@nasa.gov',
      m: 2 ** 0 + 2 ** 10 + 2 ** 18 + 2 ** 19 + 2 ** 20 + 2 ** 21,
    });
    // A dozen bytes, not a second address.
    expect(bytes(row)).toBeLessThanOrEqual(bytes(encodeUnsubscribe(imported())) + 12);
    expect(decodeUnsubscribe(row).email).toBe('Katherine.Johnson@NASA.gov');
  });

  it('keeps what R9 and the same-email rule need on the row: record, when, run, address', () => {
    const row = encodeUnsubscribe(imported());
    expect(row).toMatchObject({
      o: ORG,
      i: '0035g00000QwErTAAZ',
      t: NOW,
      e: 'katherine.johnson@nasa.gov',
      n: 'Katherine Johnson',
      u: 'acme-corp',
      r: 312_345,
    });
    // Confirmed, outside the `status` index, which the outbox and the badge ask.
    expect('s' in row).toBe(false);
    expect(decodeUnsubscribe(row).history).toEqual([
      { at: NOW, who: 'Salesforce', action: 'imported', detail: 'HasOptedOutOfEmail' },
    ]);
  });

  it.each<[string, Partial<SalesforceOptOut>]>([
    ['a Lead', { recordId: '00Q5g00000AbCdEAAV', object: 'Lead' }],
    [
      'a Person Account',
      {
        recordId: '0015g00000AbCdEAAV',
        object: 'Account',
        setFields: ['PersonHasOptedOutOfEmail'],
      },
    ],
    ['several fields', { setFields: ['HasOptedOutOfEmail', 'DoNotCall', 'Sales_Opt_Out__c'] }],
    ['an address with capitals', { email: 'Katherine.Johnson@NASA.gov' }],
    ['an address with spaces and capitals', { email: ' Katherine.Johnson@NASA.gov' }],
    ['an address with other letters', { email: 'Jürgen.Groß@Example.de' }],
    ['a long address', { email: `${'A'.repeat(60)}@example.com` }],
    ['no address', { email: null }],
    ['no name', { name: '' }],
    ['an instance that is not a My Domain', { instanceUrl: 'https://na42.salesforce.com' }],
    ['a sandbox', { instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com' }],
  ])('with %s is stored compact and read back exactly', (_what, over) => {
    const record = imported(over);
    expect(isWhole(record)).toBe(false);
    expect(roundTrip(record)).toEqual(record);
  });

  it('stays compact when later nightly runs read or write it, and keeps which run saw it', () => {
    const later = `${ORG}:${NOW + 86_400_000}`;
    const read = readByRun(imported(), ['HasOptedOutOfEmail', 'DoNotCall'], later, NOW + 1);
    expect(isWhole(read)).toBe(false);
    expect(roundTrip(read)).toEqual(read);
    const written = writtenByRun(imported(), ['HasOptedOutOfEmail'], 'another-run', NOW + 2);
    expect(isWhole(written)).toBe(false);
    expect(roundTrip(written)).toEqual(written);
    const moved = withReadAddress(imported(), 'new.address@example.com', NOW + 3);
    expect(roundTrip(moved)).toEqual(moved);
  });

  it('stays compact when made before imports marked Contacts as not person contacts', () => {
    const { notPersonContact: _mark, ...older } = imported();
    expect(isWhole(older)).toBe(false);
    expect(roundTrip(older)).toEqual(older);
  });
});

describe('a touched unsubscribe', () => {
  it.each<[string, UnsubscribeRecord]>([
    [
      'a click',
      clicked(
        {
          ...optOut(),
          fields: ['HasOptedOutOfEmail'],
          setByClick: [],
          who: 'Rep',
          pageUrl: 'https://acme-corp.lightning.force.com/x',
        },
        undefined,
        NOW,
      ),
    ],
    ['a confirmed click', storedUnsubscribe()],
    ['an import undone', undone(imported(), 'Rep', NOW + 5)],
    [
      'a failed write',
      runWriteFailed(imported(), { ok: false, code: 'validation', detail: 'no' }, NOW + 5),
    ],
    [
      'an import after an undone click',
      importedUnsubscribe(optOut(), [{ at: 1, who: 'Rep', action: 'undone' }], RUN, NOW),
    ],
    [
      'a same-email import',
      sameEmailUnsubscribe(
        optOut(),
        ['HasOptedOutOfEmail'],
        { recordId: '00Q5g00000AbCdEAAV', object: 'Lead', name: 'K. Johnson' },
        [],
        RUN,
        NOW,
      ),
    ],
    ['an import with a property the compact shape does not know', { ...imported(), place: 'Acme' }],
    ['an import with another time of confirmation', { ...imported(), confirmedAt: NOW + 1 }],
    ['an import of an Id of another object', { ...imported(), recordId: '0065g00000AbCdEAAV' }],
  ])('(%s) is stored whole and read back exactly', (_what, record) => {
    expect(isWhole(record)).toBe(true);
    expect(roundTrip(record)).toEqual(record);
  });

  it('keeps the key and index properties on the whole row too', () => {
    const row = encodeUnsubscribe(storedUnsubscribe({ emailKey: 'ana.lima@example.com' }));
    expect(row).toMatchObject({
      o: ORG,
      i: '0035g00000AbCdEAAV',
      s: 'confirmed',
      t: Date.UTC(2026, 2, 9, 15, 30),
      e: 'ana.lima@example.com',
    });
  });
});
