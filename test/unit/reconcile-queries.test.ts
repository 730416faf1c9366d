import { describe, expect, it } from 'vitest';
import { bulkImportSoql, importSoql } from '../../src/lib/reconcile/queries';

describe('the import SOQL', () => {
  it('reads in Id order after the checkpointed Id, without a LIMIT (totalSize is the real count)', () => {
    expect(
      importSoql({
        kind: 'Contact',
        fields: ['HasOptedOutOfEmail'],
        orgKinds: ['Contact', 'Lead'],
        since: null,
        afterId: '003x',
      }),
    ).toBe(
      "SELECT Id, Name, Email, HasOptedOutOfEmail FROM Contact WHERE (HasOptedOutOfEmail = true) AND Id > '003x' ORDER BY Id",
    );
  });

  it('leaves out person contacts where the org has Person Accounts, and converted Leads', () => {
    const orgKinds = ['Contact', 'Lead', 'PersonAccount'] as const;
    const contact = importSoql({
      kind: 'Contact',
      fields: ['HasOptedOutOfEmail'],
      orgKinds,
      since: '2024-01-01T00:00:00Z',
      afterId: null,
    });
    expect(contact).toBe(
      'SELECT Id, Name, Email, HasOptedOutOfEmail FROM Contact WHERE SystemModstamp >= 2024-01-01T00:00:00Z AND IsPersonAccount = false ORDER BY Id',
    );
    const recheck = importSoql({
      kind: 'Contact',
      fields: ['HasOptedOutOfEmail'],
      orgKinds,
      since: null,
      afterId: null,
      ids: ['003a'],
    });
    expect(recheck).toContain("WHERE Id IN ('003a') AND IsPersonAccount = false ORDER BY Id");
    const lead = importSoql({
      kind: 'Lead',
      fields: ['HasOptedOutOfEmail'],
      orgKinds,
      since: null,
      afterId: null,
    });
    expect(lead).toContain('WHERE (HasOptedOutOfEmail = true) AND IsConverted = false ORDER BY');
  });

  it('reads the same records as the REST pages through Bulk API 2.0, without ORDER BY or LIMIT (PK chunking)', () => {
    const q = {
      kind: 'PersonAccount',
      fields: ['PersonHasOptedOutOfEmail', 'Sales_Opt_Out__c'],
      orgKinds: ['Contact', 'Lead', 'PersonAccount'],
      since: null,
    } as const;
    expect(bulkImportSoql(q)).toBe(
      'SELECT Id, Name, PersonEmail, PersonHasOptedOutOfEmail, Sales_Opt_Out__c FROM Account WHERE (PersonHasOptedOutOfEmail = true OR Sales_Opt_Out__c = true) AND IsPersonAccount = true',
    );
    expect(bulkImportSoql(q)).not.toMatch(/ORDER BY|LIMIT/);
    expect(bulkImportSoql(q)).toBe(
      importSoql({ ...q, afterId: null }).replace(/ ORDER BY Id$/, ''),
    );
    expect(bulkImportSoql({ ...q, withAddress: true })).not.toMatch(/ORDER BY|LIMIT/);
  });

  it('continues a Bulk API 2.0 read after the last Id the REST batches stored', () => {
    const q = {
      kind: 'Lead',
      fields: ['HasOptedOutOfEmail'],
      orgKinds: ['Lead'],
      since: null,
    } as const;
    expect(bulkImportSoql({ ...q, afterId: '00Qx' })).toBe(
      "SELECT Id, Name, Email, HasOptedOutOfEmail FROM Lead WHERE (HasOptedOutOfEmail = true) AND IsConverted = false AND Id > '00Qx'",
    );
  });
});

describe("the incremental read without the last run's own writes", () => {
  const leaveOut = {
    userId: '005xx000001SvAbAAK',
    from: '2026-07-15T03:00:00Z',
    to: '2026-07-15T03:07:00Z',
  };

  it('leaves out what that user saved inside the window with every chosen field set', () => {
    expect(
      importSoql({
        kind: 'Lead',
        fields: ['HasOptedOutOfEmail', 'mkto_si__Marketo_Sales_Opt_Out__c'],
        orgKinds: ['Contact', 'Lead'],
        since: '2026-07-15T02:55:00Z',
        afterId: null,
        leaveOut,
      }),
    ).toBe(
      "SELECT Id, Name, Email, HasOptedOutOfEmail, mkto_si__Marketo_Sales_Opt_Out__c FROM Lead WHERE SystemModstamp >= 2026-07-15T02:55:00Z AND (NOT (LastModifiedById = '005xx000001SvAbAAK' AND LastModifiedDate >= 2026-07-15T03:00:00Z AND LastModifiedDate <= 2026-07-15T03:07:00Z AND HasOptedOutOfEmail = true AND mkto_si__Marketo_Sales_Opt_Out__c = true)) AND IsConverted = false ORDER BY Id",
    );
  });

  it('is only for the incremental read: a full pass and a recheck of Ids read everything', () => {
    const base = {
      kind: 'Contact',
      fields: ['HasOptedOutOfEmail'],
      orgKinds: ['Contact'],
    } as const;
    const full = importSoql({ ...base, since: null, afterId: null, leaveOut });
    const recheck = importSoql({ ...base, since: null, afterId: null, ids: ['003a'], leaveOut });
    expect(full).not.toContain('LastModifiedById');
    expect(recheck).not.toContain('LastModifiedById');
  });

  it('refuses a window or user that could break the query', () => {
    const q = {
      kind: 'Contact',
      fields: ['HasOptedOutOfEmail'],
      orgKinds: ['Contact'],
      since: '2026-07-15T02:55:00Z',
      afterId: null,
    } as const;
    expect(() => importSoql({ ...q, leaveOut: { ...leaveOut, to: "x' OR Id != '" } })).toThrow();
    expect(() => importSoql({ ...q, leaveOut: { ...leaveOut, userId: "005' OR '" } })).toThrow();
  });
});
