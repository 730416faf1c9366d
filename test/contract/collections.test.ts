import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect } from './helpers/emulator-client';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 7, contacts: 600, leads: 100, optedOutRate: 0 });
});
afterAll(() => emulator.close());

function contactIds(count: number, offset = 0): string[] {
  return emulator.org
    .list('Contact', { limit: count + offset })
    .slice(offset)
    .map((r) => r.id);
}

describe('sObject Collections', () => {
  it('updates up to 200 records in one call', async () => {
    const conn = connect(emulator);
    const ids = contactIds(200);
    const results = await conn
      .sobject('Contact')
      .update(ids.map((Id) => ({ Id, HasOptedOutOfEmail: true })));
    expect(results).toHaveLength(200);
    expect(results.every((r) => r.success)).toBe(true);
    expect(results[0]).toEqual({ id: ids[0], success: true, errors: [] });
    expect(emulator.log.count({ kind: 'collections-update' })).toBe(1);
    expect(emulator.org.count('Contact', 'HasOptedOutOfEmail = true')).toBe(200);
  });

  it('refuses 201 records with EXCEEDED_ID_LIMIT', async () => {
    const conn = connect(emulator);
    const records = contactIds(201, 200).map((Id) => ({ Id, HasOptedOutOfEmail: true }));
    await expect(conn.sobject('Contact').update(records)).rejects.toMatchObject({
      errorCode: 'EXCEEDED_ID_LIMIT',
      message: 'record limit reached. cannot submit more than 200 records into this call',
    });
    expect(emulator.org.count('Contact', 'HasOptedOutOfEmail = true')).toBe(200);
  });

  it('processes up to 10 same-type chunks in one request and refuses 11, writing nothing', async () => {
    const conn = connect(emulator);
    const leads = emulator.org.list('Lead', { limit: 6 }).map((r) => r.id);
    const contacts = contactIds(6, 580);
    const alternating = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const Id = (i % 2 === 0 ? contacts : leads)[Math.floor(i / 2)] ?? '';
        return {
          attributes: { type: i % 2 === 0 ? 'Contact' : 'Lead' },
          Id,
          HasOptedOutOfEmail: true,
        };
      });
    const body = (records: unknown[]) => JSON.stringify({ allOrNone: false, records });
    const url = `/services/data/v${conn.version}/composite/sobjects`;
    await expect(
      conn.request({ method: 'PATCH', url, body: body(alternating(11)) }),
    ).rejects.toMatchObject({
      errorCode: 'INVALID_BATCH_REQUEST',
      message:
        'Cannot have more than 10 chunks in a single operation. Please rearrange the data to reduce chunking.',
    });
    expect(emulator.org.count('Lead', 'HasOptedOutOfEmail = true')).toBe(0);
    const ten = await conn.request<Array<{ success: boolean }>>({
      method: 'PATCH',
      url,
      body: body(alternating(10)),
    });
    expect(ten.every((r) => r.success)).toBe(true);
    expect(emulator.org.count('Lead', 'HasOptedOutOfEmail = true')).toBe(5);
  });

  it('reports per-record errors inside a 200 response', async () => {
    const conn = connect(emulator);
    const [good, deleted, validated] = contactIds(3, 450);
    emulator.org.delete(deleted ?? '');
    emulator.org.addValidationRule(validated ?? '', 'Blocked by rule');
    const results = await conn
      .sobject('Contact')
      .update(
        [good, deleted, validated].map((Id) => ({ Id: Id ?? '', Do_Not_Call_Sales__c: true })),
      );
    expect(results.map((r) => r.success)).toEqual([true, false, false]);
    expect(results[1]).toMatchObject({
      id: deleted,
      errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
    });
    expect(results[2]).toMatchObject({
      errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Blocked by rule' }],
    });
    expect(emulator.org.get(good ?? '')?.fields.Do_Not_Call_Sales__c).toBe(true);
  });

  it('rolls everything back with allOrNone when one record fails', async () => {
    const conn = connect(emulator);
    const [first, second] = contactIds(2, 460);
    emulator.org.addValidationRule(second ?? '', 'No');
    const results = await conn.sobject('Contact').update(
      [first, second].map((Id) => ({ Id: Id ?? '', Do_Not_Call_Sales__c: true })),
      { allOrNone: true },
    );
    expect(results[0]).toMatchObject({
      success: false,
      errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' }],
    });
    expect(results[1]).toMatchObject({
      success: false,
      errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' }],
    });
    expect(emulator.org.get(first ?? '')?.fields.Do_Not_Call_Sales__c).toBe(false);
  });

  it('fails the whole request on an unknown field and per record on wrong Ids', async () => {
    const conn = connect(emulator);
    const [id] = contactIds(1, 470);
    await expect(
      conn.sobject('Contact').update([{ Id: id ?? '', Bogus__c: true }]),
    ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    const lead = emulator.org.samples.lead ?? '';
    const results = await conn.sobject('Contact').update([
      { Id: lead, HasOptedOutOfEmail: true },
      { Id: 'xyz', HasOptedOutOfEmail: true },
    ]);
    // Salesforce names the code `statusCode` in collection results (jsforce's type says errorCode).
    const codes = results.map((r) => (r.errors[0] as unknown as { statusCode: string }).statusCode);
    expect(codes).toEqual(['MALFORMED_ID', 'MALFORMED_ID']);
  });

  it('retrieves many records by Id, GET and POST forms', async () => {
    const conn = connect(emulator);
    const ids = contactIds(3, 500);
    const viaPost = await conn.retrieve('Contact', ids, { fields: ['Id', 'Email'] });
    expect(viaPost.map((r) => r?.Id)).toEqual(ids);
    const viaGet = await conn.request<Array<Record<string, unknown> | null>>(
      `/services/data/v62.0/composite/sobjects/Contact?ids=${ids.join(',')},003000000000001AAA&fields=Id,HasOptedOutOfEmail`,
    );
    expect(viaGet).toHaveLength(4);
    expect(viaGet[0]).toMatchObject({
      attributes: { type: 'Contact' },
      Id: ids[0],
      HasOptedOutOfEmail: false,
    });
    expect(viaGet[3]).toBeNull();
    expect(emulator.log.count({ kind: 'collections-retrieve' })).toBe(2);
  });
});
