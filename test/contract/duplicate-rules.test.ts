import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { API_VERSION, connect } from './helpers/emulator-client';

/**
 * Duplicate rules as Salesforce documents them (test/emulator/data/duplicate-rules.ts names the
 * pages): REST API Developer Guide, "Duplicate Rule Header" (`Sforce-Duplicate-Rule-Header:
 * allowSave=true`, API 52.0+); SOAP API Developer Guide, "DuplicateError", "DuplicateResult",
 * "MatchResult"; the sObject Collections pages' failed-record example
 * (`{"statusCode": "DUPLICATES_DETECTED", "message": "Use one of these records?", "fields": []}`).
 */

const ALLOW_SAVE = { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 11, contacts: 40, leads: 10, optedOutRate: 0 });
});
afterAll(() => emulator.close());

function contacts(count: number, offset: number): string[] {
  return emulator.org
    .list('Contact', { limit: count + offset })
    .slice(offset)
    .map((r) => r.id);
}

function collectionsPatch(ids: readonly string[], headers: Record<string, string> = {}) {
  return connect(emulator).request<unknown[]>({
    method: 'PATCH',
    url: `/services/data/v${API_VERSION}/composite/sobjects`,
    body: JSON.stringify({
      allOrNone: false,
      records: ids.map((Id) => ({ attributes: { type: 'Contact' }, Id, HasOptedOutOfEmail: true })),
    }),
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

const optedOut = (id: string) => emulator.org.get(id)?.fields.HasOptedOutOfEmail;

describe('duplicate rules', () => {
  it('"Allow" with an alert: without the header the record fails with the DuplicateError shape', async () => {
    const [record = '', match = ''] = contacts(2, 0);
    emulator.org.addDuplicateRule(record, { action: 'allow', matchIds: [match] });
    const results = await collectionsPatch([record]);
    expect(results).toEqual([
      {
        id: record,
        success: false,
        errors: [
          {
            statusCode: 'DUPLICATES_DETECTED',
            message: 'Use one of these records?',
            fields: [],
            duplicateResult: {
              allowSave: true,
              duplicateRule: 'Standard_Contact_Duplicate_Rule',
              duplicateRuleEntityType: 'Contact',
              errorMessage: 'Use one of these records?',
              matchResults: [
                {
                  entityType: 'Contact',
                  errors: [],
                  matchEngine: 'FuzzyMatchEngine',
                  matchRecords: [
                    {
                      additionalInformation: [],
                      fieldDiffs: [],
                      matchConfidence: 100,
                      record: {
                        attributes: {
                          type: 'Contact',
                          url: `/services/data/v${API_VERSION}/sobjects/Contact/${match}`,
                        },
                        Id: match,
                      },
                    },
                  ],
                  rule: 'Standard_Contact_Match_Rule_v1_1',
                  size: 1,
                  success: true,
                },
              ],
            },
          },
        ],
      },
    ]);
    expect(optedOut(record)).toBe(false);
  });

  it('"Allow" with an alert: with allowSave=true the record is saved', async () => {
    const [record = ''] = contacts(1, 2);
    emulator.org.addDuplicateRule(record, { action: 'allow' });
    const results = await collectionsPatch([record], ALLOW_SAVE);
    expect(results).toEqual([{ id: record, success: true, errors: [] }]);
    expect(optedOut(record)).toBe(true);
    expect(emulator.log.entries({ kind: 'collections-update' }).at(-1)?.duplicateRuleHeader).toBe(
      'allowSave=true',
    );
  });

  it('"Block": the record fails with or without the header, and the others are saved', async () => {
    const [blocked = '', other = ''] = contacts(2, 4);
    emulator.org.addDuplicateRule(blocked, { action: 'block', message: 'Duplicate of a client' });
    for (const headers of [{}, ALLOW_SAVE]) {
      const results = (await collectionsPatch([blocked, other], headers)) as Array<{
        success: boolean;
        errors: Array<{ statusCode: string; duplicateResult?: { allowSave: boolean } }>;
      }>;
      expect(results.map((r) => r.success)).toEqual([false, true]);
      expect(results[0]?.errors[0]).toMatchObject({
        statusCode: 'DUPLICATES_DETECTED',
        message: 'Duplicate of a client',
        duplicateResult: { allowSave: false, errorMessage: 'Duplicate of a client' },
      });
    }
    expect(optedOut(blocked)).toBe(false);
  });

  it('single-record PATCH: the error envelope carries errorCode and duplicateResult', async () => {
    const [record = ''] = contacts(1, 6);
    emulator.org.addDuplicateRule(record, { action: 'allow' });
    const conn = connect(emulator);
    const url = `/services/data/v${API_VERSION}/sobjects/Contact/${record}`;
    const body = JSON.stringify({ HasOptedOutOfEmail: true });
    const headers = { 'Content-Type': 'application/json' };
    await expect(conn.request({ method: 'PATCH', url, body, headers })).rejects.toMatchObject({
      errorCode: 'DUPLICATES_DETECTED',
      message: 'Use one of these records?',
    });
    await conn.request({ method: 'PATCH', url, body, headers: { ...headers, ...ALLOW_SAVE } });
    expect(optedOut(record)).toBe(true);
  });

  it('the header counts only from API 52.0, as documented', async () => {
    const [record = ''] = contacts(1, 8);
    emulator.org.addDuplicateRule(record, { action: 'allow' });
    const results = await connect(emulator).request<Array<{ success: boolean }>>({
      method: 'PATCH',
      url: '/services/data/v51.0/composite/sobjects',
      body: JSON.stringify({
        records: [{ attributes: { type: 'Contact' }, Id: record, HasOptedOutOfEmail: true }],
      }),
      headers: { 'Content-Type': 'application/json', ...ALLOW_SAVE },
    });
    expect(results[0]?.success).toBe(false);
  });

  it('Bulk API 2.0 ingest: a matching row fails under either rule (no header is documented there)', async () => {
    const [allow = '', block = '', plain = ''] = contacts(3, 10);
    emulator.org.addDuplicateRule(allow, { action: 'allow' });
    emulator.org.addDuplicateRule(block, { action: 'block' });
    const results = await connect(emulator).bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'update',
      input: [allow, block, plain].map((Id) => ({ Id, HasOptedOutOfEmail: true })),
      pollInterval: 50,
      pollTimeout: 10_000,
    });
    expect(results.failedResults.map((r) => [r.sf__Id, r.sf__Error])).toEqual([
      [allow, 'DUPLICATES_DETECTED:Use one of these records?:--'],
      [block, 'DUPLICATES_DETECTED:Use one of these records?:--'],
    ]);
    expect(optedOut(plain)).toBe(true);
    expect([optedOut(allow), optedOut(block)]).toEqual([false, false]);
  });
});
