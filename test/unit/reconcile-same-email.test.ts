import { describe, expect, it } from 'vitest';
import {
  fieldsToWrite,
  sameEmailUnsubscribe,
  withReadAddress,
  type SalesforceOptOut,
} from '../../src/lib/reconcile/diff';
import { importSoql } from '../../src/lib/reconcile/queries';
import { fieldsSignature } from '../../src/lib/reconcile/requirements';
import { isSameEmailImport } from '../../src/lib/unsubscribe-record';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

/** A full pass that began after every confirmation here. */
const FULL_PASS = { id: 'run-1', fullPass: true, startedAt: Date.UTC(2030, 0, 1) };

/** The nightly plan of the same-email rule (R5 extended), as plain decisions and queries. */

const BOTH = ['HasOptedOutOfEmail', 'mkto_si__Marketo_Sales_Opt_Out__c'];
const lead: SalesforceOptOut = {
  orgId: ORG,
  instanceUrl: 'https://acme.my.salesforce.com',
  recordId: '00Q5g00000XyZaBEAV',
  object: 'Lead',
  name: 'Ana Lima',
  email: 'Ana.Lima@Example.com',
  setFields: [],
};
const contact = { recordId: '0035g00000AbCdEAAV', object: 'Contact', name: 'Ana Lima' } as const;

describe('a record opted out for the address it shares', () => {
  it('waits for the run to write every chosen field, and its history names the other record', () => {
    const earlier = [{ at: 1, who: 'rep', action: 'undone' } as const];
    const record = sameEmailUnsubscribe(lead, BOTH, contact, earlier, 'run-1', 50);
    expect(record).toMatchObject({
      status: 'pending',
      fields: BOTH,
      source: 'salesforce',
      // The outbox leaves it to the run: no retry time of its own.
      nextAttemptAt: null,
      emailKey: 'ana.lima@example.com',
      seenByRun: 'run-1',
    });
    expect(record.history).toEqual([
      ...earlier,
      { at: 50, who: 'Salesforce', action: 'imported', coveredBy: contact },
    ]);
    expect(isSameEmailImport(record)).toBe(true);
    expect(fieldsToWrite(record, BOTH, FULL_PASS)).toEqual(BOTH);
    // What Salesforce had set already is not written again.
    const partly = sameEmailUnsubscribe(
      { ...lead, setFields: ['HasOptedOutOfEmail'] },
      BOTH,
      contact,
      [],
      'run-1',
      50,
    );
    expect(fieldsToWrite(partly, BOTH, FULL_PASS)).toEqual([BOTH[1]]);
  });

  it('is told apart from an import of a record opted out itself, and from a click', () => {
    expect(isSameEmailImport(storedUnsubscribe())).toBe(false);
    const imported = storedUnsubscribe({
      history: [{ at: 1, who: 'Salesforce', action: 'imported' }],
    });
    expect(isSameEmailImport(imported)).toBe(false);
    const covered = storedUnsubscribe({
      history: [{ at: 1, who: 'rep', action: 'unsubscribed', coveredBy: contact }],
    });
    expect(isSameEmailImport(covered)).toBe(false);
  });
});

describe('a stored unsubscribe read again', () => {
  it('keeps itself when the address is the same one, however it is written', () => {
    const stored = storedUnsubscribe({ emailKey: 'ana.lima@example.com' });
    expect(withReadAddress(stored, ' ANA.LIMA@example.com ', 9)).toBe(stored);
  });

  it('learns a new address, and when it learned it, so the next run looks the address up', () => {
    const stored = storedUnsubscribe({ emailKey: 'ana.lima@example.com' });
    expect(withReadAddress(stored, 'ana@lima.example', 9)).toEqual({
      ...stored,
      email: 'ana@lima.example',
      emailKey: 'ana@lima.example',
      addressSince: 9,
    });
    const blank = withReadAddress(stored, null, 9);
    expect(blank.email).toBeNull();
    expect(blank).not.toHaveProperty('emailKey');
  });
});

describe('the full pass of the same-email phase', () => {
  it('reads the records with an address that lack some chosen field, person contacts left out', () => {
    const q = {
      kind: 'Contact',
      fields: BOTH,
      orgKinds: ['Contact', 'Lead', 'PersonAccount'],
      since: null,
      afterId: null,
      withAddress: true,
    } as const;
    expect(importSoql(q)).toBe(
      'SELECT Id, Name, Email, HasOptedOutOfEmail, mkto_si__Marketo_Sales_Opt_Out__c FROM Contact WHERE Email != null AND (HasOptedOutOfEmail = false OR mkto_si__Marketo_Sales_Opt_Out__c = false) AND IsPersonAccount = false ORDER BY Id',
    );
    expect(importSoql({ ...q, kind: 'PersonAccount', fields: ['PersonHasOptedOutOfEmail'] })).toBe(
      'SELECT Id, Name, PersonEmail, PersonHasOptedOutOfEmail FROM Account WHERE PersonEmail != null AND (PersonHasOptedOutOfEmail = false) AND IsPersonAccount = true ORDER BY Id',
    );
    expect(importSoql({ ...q, kind: 'Lead', fields: ['HasOptedOutOfEmail'] })).toContain(
      'WHERE Email != null AND (HasOptedOutOfEmail = false) AND IsConverted = false',
    );
  });

  it('comes once with the rule: turning it on makes the next run a full pass', () => {
    const plans = new Map([['Contact', ['HasOptedOutOfEmail']]] as const);
    expect(fieldsSignature(plans, true)).not.toBe(fieldsSignature(plans, false));
    expect(fieldsSignature(plans, false)).toBe('Contact:HasOptedOutOfEmail;Lead:;PersonAccount:');
  });
});
