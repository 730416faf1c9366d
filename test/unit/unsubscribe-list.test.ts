import { describe, expect, it } from 'vitest';
import type { UnsubscribeListItem } from '../../src/lib/options-messages';
import {
  asSpreadsheetText,
  csvFileName,
  listItem,
  personRecordView,
  unsubscribesCsv,
  type CsvWords,
} from '../../src/lib/unsubscribe-list';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

function item(over: Partial<UnsubscribeListItem>): UnsubscribeListItem {
  return {
    orgId: ORG,
    recordId: '0035g00000AbCdEAAV',
    object: 'Contact',
    name: 'Ana Lima',
    email: 'ana.lima@example.com',
    status: 'confirmed',
    source: 'click',
    createdAt: Date.UTC(2026, 2, 9, 15, 30),
    createdBy: 'Rep One',
    lastError: null,
    recordUrl: 'https://acme.lightning.force.com/lightning/r/Contact/0035g00000AbCdEAAV/view',
    history: [],
    ...over,
  };
}

const ana = item({});
const cai = item({
  recordId: '0015g00000QqRrSAAV',
  object: 'Account',
  name: 'Cai Wen',
  email: null,
  status: 'failed',
  createdAt: Date.UTC(2026, 2, 8),
  lastError: { ok: false, code: 'validation', detail: 'Rule says no' },
});

const words: CsvWords = {
  header: [
    'Org Id',
    'Record Id',
    'Object',
    'Name',
    'Email',
    'State',
    'Reason',
    'Source',
    'Who',
    'When (ISO 8601)',
  ],
  state: (i) => i.status,
  reason: (i) => i.lastError?.detail ?? '',
  source: (i) => (i.source === 'click' ? 'Clicked in this browser' : 'Imported from Salesforce'),
  object: (i) => (i.object === 'Account' ? 'Person Account' : i.object),
};

describe('unsubscribesCsv', () => {
  it('writes a header and one row per item, the time in ISO 8601', () => {
    const csv = unsubscribesCsv([ana, cai], words);
    expect(csv.split('\r\n')).toEqual([
      'Org Id,Record Id,Object,Name,Email,State,Reason,Source,Who,When (ISO 8601)',
      `${ORG},0035g00000AbCdEAAV,Contact,Ana Lima,ana.lima@example.com,confirmed,,Clicked in this browser,Rep One,2026-03-09T15:30:00.000Z`,
      `${ORG},0015g00000QqRrSAAV,Person Account,Cai Wen,,failed,Rule says no,Clicked in this browser,Rep One,2026-03-08T00:00:00.000Z`,
      '',
    ]);
  });

  it('quotes what needs quoting', () => {
    const odd = item({ name: 'Lima, "Ana"', createdBy: 'Line\nBreak' });
    const row = unsubscribesCsv([odd], words).split('\r\n')[1];
    expect(row).toContain(',"Lima, ""Ana""",');
    expect(row).toContain(',"Line\nBreak",');
  });

  it('keeps a cell that a spreadsheet would run as a formula as text', () => {
    expect(asSpreadsheetText('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(asSpreadsheetText('+1')).toBe("'+1");
    expect(asSpreadsheetText('@sum')).toBe("'@sum");
    expect(asSpreadsheetText('Ana')).toBe('Ana');
    const row = unsubscribesCsv([item({ name: '=1+1' })], words).split('\r\n')[1];
    expect(row).toContain(",'=1+1,");
  });

  it('is only the header when nothing is shown', () => {
    expect(unsubscribesCsv([], words)).toBe(`${words.header.join(',')}\r\n`);
  });

  it('names the file after the org and the day', () => {
    expect(csvFileName(ORG, new Date('2026-03-09T23:00:00Z'))).toBe(
      `unsubscribes-${ORG}-2026-03-09.csv`,
    );
  });
});

describe('listItem', () => {
  it('shows what the list needs of a stored unsubscribe, with its Lightning page', () => {
    const stored = storedUnsubscribe({
      setByClick: ['HasOptedOutOfEmail'],
      pageUrl: 'https://acme.lightning.force.com/lightning/r/Contact/0035g00000AbCdEAAV/view',
      confirmedAt: Date.UTC(2026, 2, 9, 15, 31),
    });
    expect(listItem(stored)).toEqual(ana);
    expect(
      listItem({ ...stored, instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com' }),
    ).toMatchObject({
      recordUrl:
        'https://acme--uat.sandbox.lightning.force.com/lightning/r/Contact/0035g00000AbCdEAAV/view',
    });
  });
});

describe('personRecordView', () => {
  it('shows a record of the person with its page and the fields Salesforce was seen to have set', () => {
    const stored = storedUnsubscribe({
      recordId: '0015g00000QqRrSAAV',
      object: 'Account',
      fields: ['PersonHasOptedOutOfEmail', 'Marketo_Opt_Out__pc'],
      syncedFields: ['PersonHasOptedOutOfEmail'],
    });
    expect(personRecordView(stored)).toEqual({
      recordId: '0015g00000QqRrSAAV',
      object: 'Account',
      name: 'Ana Lima',
      email: 'ana.lima@example.com',
      recordUrl: 'https://acme.lightning.force.com/lightning/r/Account/0015g00000QqRrSAAV/view',
      status: 'confirmed',
      fieldsToUncheck: ['PersonHasOptedOutOfEmail'],
    });
  });

  it('falls back to the fields the unsubscribe sets when Salesforce was not seen with any', () => {
    const fields = ['HasOptedOutOfEmail'];
    for (const syncedFields of [undefined, []]) {
      const stored = storedUnsubscribe({ status: 'pending', fields, syncedFields });
      expect(personRecordView(stored).fieldsToUncheck).toEqual(fields);
    }
  });
});
