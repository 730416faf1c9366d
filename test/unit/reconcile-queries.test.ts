import { describe, expect, it } from 'vitest';
import { bulkImportSoql, importSoql } from '../../src/lib/reconcile/queries';

describe('the import SOQL', () => {
  it('reads a REST page of at most one query page, after the checkpointed Id', () => {
    expect(
      importSoql({ kind: 'Contact', fields: ['HasOptedOutOfEmail'], since: null, afterId: '003x' }),
    ).toBe(
      "SELECT Id, Name, Email, HasOptedOutOfEmail FROM Contact WHERE (HasOptedOutOfEmail = true) AND Id > '003x' ORDER BY Id LIMIT 2000",
    );
  });

  it('reads the same records as the REST pages through Bulk API 2.0, without a page LIMIT', () => {
    const q = {
      kind: 'PersonAccount',
      fields: ['PersonHasOptedOutOfEmail', 'Sales_Opt_Out__c'],
      since: null,
    } as const;
    expect(bulkImportSoql(q)).toBe(
      'SELECT Id, Name, PersonEmail, PersonHasOptedOutOfEmail, Sales_Opt_Out__c FROM Account WHERE (PersonHasOptedOutOfEmail = true OR Sales_Opt_Out__c = true) AND IsPersonAccount = true ORDER BY Id',
    );
    expect(bulkImportSoql(q)).toBe(importSoql({ ...q, afterId: null }).replace(/ LIMIT \d+$/, ''));
  });
});
