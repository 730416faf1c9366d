import { LEAD_STATUSES } from './name-pools';

/**
 * The fields each emulated object has, and the per-object schema controls tests use (remove the
 * Marketo field, make a field read-only, rename the Marketo field). A field's storage `slot` is
 * independent of its API name, so a renamed field keeps its values.
 */

/** The Salesforce objects the emulated org holds people in. */
export type ObjectName = 'Contact' | 'Lead' | 'Account';
export const OBJECT_NAMES: readonly ObjectName[] = ['Contact', 'Lead', 'Account'];

export type FieldType =
  'id' | 'string' | 'email' | 'boolean' | 'date' | 'datetime' | 'reference' | 'picklist';

export type Slot =
  | 'Id'
  | 'IsDeleted'
  | 'FirstName'
  | 'LastName'
  | 'Name'
  | 'Email'
  | 'EmailOptOut'
  | 'MarketoOptOut'
  | 'DoNotCall'
  | 'OwnerId'
  | 'CreatedDate'
  | 'LastModifiedById'
  | 'LastModifiedDate'
  | 'SystemModstamp'
  | 'Company'
  | 'Status'
  | 'IsConverted'
  | 'IsPersonAccount'
  | 'AccountId'
  | 'PersonContactId'
  | 'MasterRecordId'
  | 'ConvertedContactId'
  | 'ConvertedAccountId'
  | 'ConvertedDate';

export interface FieldDef {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly slot: Slot;
  readonly length: number;
  readonly custom: boolean;
  readonly nillable: boolean;
  readonly updateable: boolean;
  readonly createable: boolean;
  readonly nameField?: boolean;
  readonly idLookup?: boolean;
  readonly referenceTo?: readonly string[];
  readonly relationshipName?: string;
  readonly picklistValues?: readonly string[];
}

export interface ObjectInfo {
  readonly name: ObjectName;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
}

export const OBJECT_INFO: Readonly<Record<ObjectName, ObjectInfo>> = {
  Contact: { name: 'Contact', label: 'Contact', labelPlural: 'Contacts', keyPrefix: '003' },
  Lead: { name: 'Lead', label: 'Lead', labelPlural: 'Leads', keyPrefix: '00Q' },
  Account: { name: 'Account', label: 'Account', labelPlural: 'Accounts', keyPrefix: '001' },
};

export const MARKETO_LABEL = 'Marketo Sales Opt Out';

const MARKETO_DEFAULT_NAME: Readonly<Record<ObjectName, string>> = {
  Contact: 'mkto_si__Marketo_Sales_Opt_Out__c',
  Lead: 'mkto_si__Marketo_Sales_Opt_Out__c',
  Account: 'mkto_si__Marketo_Sales_Opt_Out__pc',
};

type FieldSpec = Pick<FieldDef, 'name' | 'label' | 'type' | 'slot'> & Partial<FieldDef>;

function field(spec: FieldSpec): FieldDef {
  const systemManaged = spec.type === 'id' || spec.type === 'datetime';
  const sized = spec.type !== 'boolean' && spec.type !== 'date' && spec.type !== 'datetime';
  return {
    length: sized ? 18 : 0,
    custom: spec.name.endsWith('__c') || spec.name.endsWith('__pc'),
    nillable: spec.type !== 'boolean' && spec.type !== 'id',
    updateable: !systemManaged,
    createable: !systemManaged,
    ...spec,
  };
}

/** A read-only lookup the platform maintains. */
function systemLookup(name: string, label: string, slot: Slot, to: ObjectName): FieldDef {
  return field({
    name,
    label,
    type: 'reference',
    slot,
    updateable: false,
    createable: false,
    referenceTo: [to],
    relationshipName: name.replace(/Id$/, ''),
  });
}

// prettier-ignore
function auditFields(object: ObjectName): FieldDef[] {
  return [
    field({ name: 'Id', label: `${OBJECT_INFO[object].label} ID`, type: 'id', slot: 'Id', idLookup: true }),
    field({ name: 'IsDeleted', label: 'Deleted', type: 'boolean', slot: 'IsDeleted', updateable: false, createable: false }),
    // Set on the records a merge deleted, pointing at the record they were merged into (Object
    // Reference, Contact / Lead / Account: MasterRecordId; SOAP API Developer Guide, merge()).
    systemLookup('MasterRecordId', `Master Record ID`, 'MasterRecordId', object),
    field({ name: 'OwnerId', label: 'Owner ID', type: 'reference', slot: 'OwnerId', nillable: false, referenceTo: ['User'], relationshipName: 'Owner' }),
    field({ name: 'CreatedDate', label: 'Created Date', type: 'datetime', slot: 'CreatedDate', nillable: false }),
    // The user of the last save and its time; SystemModstamp also moves on automated updates
    // (API Developer Guide, "System Fields",
    // https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/system_fields.htm).
    field({ name: 'LastModifiedById', label: 'Last Modified By ID', type: 'reference', slot: 'LastModifiedById', nillable: false, updateable: false, createable: false, referenceTo: ['User'], relationshipName: 'LastModifiedBy' }),
    field({ name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', slot: 'LastModifiedDate', nillable: false }),
    field({ name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', slot: 'SystemModstamp', nillable: false }),
  ];
}

/** Contacts and Leads need a last name; an Account's is empty on business accounts. */
function personNameFields(lastNameRequired: boolean): FieldDef[] {
  return [
    field({
      name: 'FirstName',
      label: 'First Name',
      type: 'string',
      slot: 'FirstName',
      length: 40,
    }),
    field({
      name: 'LastName',
      label: 'Last Name',
      type: 'string',
      slot: 'LastName',
      length: 80,
      nillable: !lastNameRequired,
    }),
  ];
}

// prettier-ignore
function customCheckboxes(object: ObjectName): FieldDef[] {
  return [
    field({ name: 'Do_Not_Call_Sales__c', label: 'Do Not Call (Sales)', type: 'boolean', slot: 'DoNotCall' }),
    field({ name: MARKETO_DEFAULT_NAME[object], label: MARKETO_LABEL, type: 'boolean', slot: 'MarketoOptOut' }),
  ];
}

// prettier-ignore
function baseFields(object: ObjectName): FieldDef[] {
  const [id, ...audit] = auditFields(object);
  if (!id) throw new Error('audit fields start with Id');
  switch (object) {
    case 'Contact':
    case 'Lead':
      return [
        id,
        ...personNameFields(true),
        field({ name: 'Name', label: 'Full Name', type: 'string', slot: 'Name', length: 121, updateable: false, createable: false, nameField: true }),
        field({ name: 'Email', label: 'Email', type: 'email', slot: 'Email', length: 80, idLookup: true }),
        field({ name: 'HasOptedOutOfEmail', label: 'Email Opt Out', type: 'boolean', slot: 'EmailOptOut' }),
        ...(object === 'Lead'
          ? [
              field({ name: 'Company', label: 'Company', type: 'string', slot: 'Company', length: 255, nillable: false }),
              field({ name: 'Status', label: 'Status', type: 'picklist', slot: 'Status', length: 40, nillable: false, picklistValues: LEAD_STATUSES }),
              field({ name: 'IsConverted', label: 'Converted', type: 'boolean', slot: 'IsConverted', updateable: false }),
              // Set by lead conversion (Object Reference, Lead; Change Data Capture Developer
              // Guide, "Change Events for Lead Conversion"): ConvertedDate is a date, no time.
              systemLookup('ConvertedContactId', 'Converted Contact ID', 'ConvertedContactId', 'Contact'),
              systemLookup('ConvertedAccountId', 'Converted Account ID', 'ConvertedAccountId', 'Account'),
              field({ name: 'ConvertedDate', label: 'Converted Date', type: 'date', slot: 'ConvertedDate', updateable: false, createable: false }),
            ]
          : [
              // Object Reference, Contact: AccountId (Create, Update) names the parent account.
              field({ name: 'AccountId', label: 'Account ID', type: 'reference', slot: 'AccountId', referenceTo: ['Account'], relationshipName: 'Account' }),
              // With Person Accounts enabled (the emulated org has them), Contact carries
              // IsPersonAccount: true on the person contact of a Person Account.
              field({ name: 'IsPersonAccount', label: 'Is Person Account', type: 'boolean', slot: 'IsPersonAccount', updateable: false, createable: false }),
            ]),
        ...audit,
        ...customCheckboxes(object),
      ];
    case 'Account':
      return [
        id,
        field({ name: 'Name', label: 'Account Name', type: 'string', slot: 'Name', length: 255, nillable: false, nameField: true }),
        ...personNameFields(false),
        field({ name: 'IsPersonAccount', label: 'Is Person Account', type: 'boolean', slot: 'IsPersonAccount', updateable: false, createable: false }),
        // API Developer Guide, "Person Account Record Types": the person contact's Id.
        systemLookup('PersonContactId', 'Person Contact ID', 'PersonContactId', 'Contact'),
        field({ name: 'PersonEmail', label: 'Email', type: 'email', slot: 'Email', length: 80 }),
        field({ name: 'PersonHasOptedOutOfEmail', label: 'Email Opt Out', type: 'boolean', slot: 'EmailOptOut' }),
        ...audit,
        ...customCheckboxes(object),
      ];
  }
}

/** The live schema of one object, with the changes tests made to it. */
export class ObjectSchema {
  readonly info: ObjectInfo;
  private readonly base: readonly FieldDef[];
  private readonly removed = new Set<Slot>();
  private readonly readOnly = new Set<Slot>();
  private marketoOverride: { name?: string; label?: string } = {};
  private current: readonly FieldDef[];
  private byLowerName = new Map<string, FieldDef>();

  constructor(object: ObjectName) {
    this.info = OBJECT_INFO[object];
    this.base = baseFields(object);
    this.current = this.base;
    this.rebuild();
  }

  get fields(): readonly FieldDef[] {
    return this.current;
  }

  /** A field by API name, case-insensitively as SOQL and REST match names. */
  field(name: string): FieldDef | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  /** Remove a field (e.g. the Marketo package is not installed on this object). */
  removeField(name: string): void {
    this.removed.add(this.requireField(name).slot);
    this.rebuild();
  }

  removeMarketoField(): void {
    this.removed.add('MarketoOptOut');
    this.rebuild();
  }

  /** Make a field read-only (or writable again) for the API user, as field-level security does. */
  setReadOnly(name: string, readOnly = true): void {
    const slot = this.requireField(name).slot;
    if (readOnly) this.readOnly.add(slot);
    else this.readOnly.delete(slot);
    this.rebuild();
  }

  /** Give the Marketo field another API name and/or label (package generations differ). */
  setMarketoField(override: { name?: string; label?: string }): void {
    this.marketoOverride = { ...this.marketoOverride, ...override };
    this.removed.delete('MarketoOptOut');
    this.rebuild();
  }

  /** Undo every schema change. */
  reset(): void {
    this.removed.clear();
    this.readOnly.clear();
    this.marketoOverride = {};
    this.rebuild();
  }

  private requireField(name: string): FieldDef {
    const found = this.field(name);
    if (!found) throw new Error(`No field ${name} on ${this.info.name}`);
    return found;
  }

  private rebuild(): void {
    this.current = this.base
      .filter((f) => !this.removed.has(f.slot))
      .map((f) => {
        const renamed = f.slot === 'MarketoOptOut' ? { ...f, ...this.marketoOverride } : f;
        return this.readOnly.has(f.slot) ? { ...renamed, updateable: false } : renamed;
      });
    this.byLowerName = new Map(this.current.map((f) => [f.name.toLowerCase(), f]));
  }
}
