import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { API_VERSION, connect } from './helpers/emulator-client';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 5, optedOutRate: 0 });
});
afterAll(() => emulator.close());

function sample(name: 'contact' | 'lead' | 'personAccount'): string {
  const id = emulator.org.samples[name];
  if (!id) throw new Error(`no sample ${name}`);
  return id;
}

describe('single records', () => {
  it('retrieves a record by 15- or 18-character Id, all or chosen fields', async () => {
    const conn = connect(emulator);
    const id = sample('contact');
    const full = await conn.sobject('Contact').retrieve(id);
    expect(full).toMatchObject({
      attributes: { type: 'Contact', url: `/services/data/v${API_VERSION}/sobjects/Contact/${id}` },
      Id: id,
      Name: 'Ada Lovelace',
      Email: 'ada.lovelace@example.com',
      HasOptedOutOfEmail: false,
      SystemModstamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000$/),
    });
    const some = await conn.request<Record<string, unknown>>(
      `/services/data/v62.0/sobjects/Contact/${id.slice(0, 15)}?fields=Name,Email`,
    );
    expect(Object.keys(some)).toEqual(['attributes', 'Name', 'Email']);
    const many = await conn.retrieve('Contact', [id, sample('contact')], { fields: ['Name'] });
    expect(many).toHaveLength(2);
  });

  it('updates with PATCH: 204, modstamps move, 15-character Ids work', async () => {
    const conn = connect(emulator);
    const id = sample('lead');
    const before = emulator.org.get(id)?.fields.SystemModstamp;
    const result = await conn.sobject('Lead').update({
      Id: id.slice(0, 15),
      HasOptedOutOfEmail: true,
      mkto_si__Marketo_Sales_Opt_Out__c: true,
    });
    expect(result).toEqual({ id: id.slice(0, 15), success: true, errors: [] });
    const after = emulator.org.get(id)?.fields;
    expect(after).toMatchObject({
      HasOptedOutOfEmail: true,
      mkto_si__Marketo_Sales_Opt_Out__c: true,
    });
    expect(String(after?.SystemModstamp) > String(before)).toBe(true);
    expect(after?.LastModifiedDate).toBe(after?.SystemModstamp);
    expect(emulator.log.entries({ kind: 'update' }).at(-1)).toMatchObject({
      method: 'PATCH',
      status: 204,
    });
  });

  it('rejects unknown and read-only fields', async () => {
    const conn = connect(emulator);
    const id = sample('contact');
    await expect(conn.sobject('Contact').update({ Id: id, Nope__c: true })).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    await expect(
      conn.sobject('Contact').update({ Id: id, SystemModstamp: '2020-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
    emulator.org.schema('Contact').setReadOnly('HasOptedOutOfEmail');
    try {
      await expect(
        conn.sobject('Contact').update({ Id: id, HasOptedOutOfEmail: true }),
      ).rejects.toMatchObject({
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        data: { fields: ['HasOptedOutOfEmail'] },
      });
    } finally {
      emulator.org.schema('Contact').reset();
    }
  });

  it('answers deleted, converted, validated and mistyped records like Salesforce', async () => {
    const conn = connect(emulator);
    const [deleted, converted, validated] = emulator.org
      .list('Lead', { where: 'IsConverted = false', limit: 5 })
      .slice(2)
      .map((r) => r.id);
    emulator.org.delete(deleted ?? '');
    emulator.org.convertLead(converted ?? '');
    emulator.org.addValidationRule(validated ?? '', 'Opt-outs need a reason', 'HasOptedOutOfEmail');
    const update = (Id: string) => conn.sobject('Lead').update({ Id, HasOptedOutOfEmail: true });
    await expect(update(deleted ?? '')).rejects.toMatchObject({ errorCode: 'ENTITY_IS_DELETED' });
    await expect(conn.sobject('Lead').retrieve(deleted ?? '')).rejects.toMatchObject({
      errorCode: 'ENTITY_IS_DELETED',
    });
    await expect(update(converted ?? '')).rejects.toMatchObject({
      errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
    });
    await expect(update(validated ?? '')).rejects.toMatchObject({
      errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: 'Opt-outs need a reason',
    });
    await expect(update(sample('contact'))).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    await expect(update('not-an-id')).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    expect(emulator.org.get(validated ?? '')?.fields.HasOptedOutOfEmail).toBe(false);
  });

  it('updates a Person Account opt-out and requires a session', async () => {
    const conn = connect(emulator);
    const id = sample('personAccount');
    await conn.sobject('Account').update({ Id: id, PersonHasOptedOutOfEmail: true });
    expect(emulator.org.get(id)?.fields).toMatchObject({
      IsPersonAccount: true,
      PersonHasOptedOutOfEmail: true,
      Name: 'Marie Curie',
    });
    const anonymous = connect(emulator, 'bogus');
    await expect(anonymous.sobject('Account').retrieve(id)).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
      message: 'Session expired or invalid',
    });
  });
});
