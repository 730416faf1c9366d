import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index';
import { connect } from './helpers/emulator-client';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 3 });
});
afterAll(() => emulator.close());

describe('describe', () => {
  it('lists the person objects in the global describe', async () => {
    const global = await connect(emulator).describeGlobal();
    const byName = Object.fromEntries(global.sobjects.map((s) => [s.name, s]));
    expect(byName.Contact).toMatchObject({
      keyPrefix: '003',
      label: 'Contact',
      updateable: true,
      queryable: true,
    });
    expect(byName.Lead?.keyPrefix).toBe('00Q');
    expect(byName.Account?.keyPrefix).toBe('001');
  });

  it('describes Contact, Lead and Account with the opt-out and Marketo fields', async () => {
    const conn = connect(emulator);
    const contact = await conn.describe('Contact');
    expect(contact).toMatchObject({
      name: 'Contact',
      keyPrefix: '003',
      label: 'Contact',
      updateable: true,
    });
    const field = (name: string) => contact.fields.find((f) => f.name === name);
    expect(field('Id')).toMatchObject({ type: 'id', updateable: false, nillable: false });
    expect(field('Email')).toMatchObject({ type: 'email', updateable: true, length: 80 });
    expect(field('HasOptedOutOfEmail')).toMatchObject({
      type: 'boolean',
      label: 'Email Opt Out',
      updateable: true,
      custom: false,
    });
    expect(field('SystemModstamp')).toMatchObject({ type: 'datetime', updateable: false });
    expect(field('OwnerId')).toMatchObject({ type: 'reference', referenceTo: ['User'] });
    expect(field('mkto_si__Marketo_Sales_Opt_Out__c')).toMatchObject({
      type: 'boolean',
      label: 'Marketo Sales Opt Out',
      custom: true,
      updateable: true,
      calculated: false,
    });
    expect(field('Do_Not_Call_Sales__c')).toMatchObject({
      type: 'boolean',
      label: 'Do Not Call (Sales)',
    });

    const lead = await conn.describe('Lead');
    expect(lead.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'IsConverted',
        'Company',
        'Status',
        'mkto_si__Marketo_Sales_Opt_Out__c',
      ]),
    );

    const account = await conn.describe('Account');
    expect(account.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'IsPersonAccount',
        'PersonEmail',
        'PersonHasOptedOutOfEmail',
        'mkto_si__Marketo_Sales_Opt_Out__pc',
      ]),
    );
  });

  it('follows schema changes: Marketo field removed, renamed, a field made read-only', async () => {
    const conn = connect(emulator);
    const lead = emulator.org.schema('Lead');
    const contact = emulator.org.schema('Contact');
    const account = emulator.org.schema('Account');
    lead.removeMarketoField();
    contact.setReadOnly('HasOptedOutOfEmail');
    account.setMarketoField({ name: 'ToutApp__Opt_Out__pc', label: 'MSE - Opt Out' });
    try {
      const leadFields = (await conn.describe('Lead')).fields.map((f) => f.name);
      expect(leadFields).not.toContain('mkto_si__Marketo_Sales_Opt_Out__c');
      const optOut = (await conn.describe('Contact')).fields.find(
        (f) => f.name === 'HasOptedOutOfEmail',
      );
      expect(optOut?.updateable).toBe(false);
      const renamed = (await conn.describe('Account')).fields.find(
        (f) => f.label === 'MSE - Opt Out',
      );
      expect(renamed).toMatchObject({ name: 'ToutApp__Opt_Out__pc', type: 'boolean' });
      await expect(
        conn.query('SELECT mkto_si__Marketo_Sales_Opt_Out__c FROM Lead'),
      ).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
      const rows = await conn.query('SELECT ToutApp__Opt_Out__pc FROM Account LIMIT 1');
      expect(rows.records[0]).toHaveProperty('ToutApp__Opt_Out__pc');
    } finally {
      lead.reset();
      contact.reset();
      account.reset();
    }
  });

  it('answers an unknown object with NOT_FOUND', async () => {
    await expect(connect(emulator).describe('Opportunity')).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
    });
  });
});
