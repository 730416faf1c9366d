import { toId18 } from '../../../src/lib/ids';
import { duplicateRule, type DuplicateRule, type DuplicateRuleInput } from './duplicate-rules';
import { toApiValue, type ApiValue } from './field-values';
import { toSecond, type PersonTable } from './person-table';
import { OBJECT_NAMES, ObjectSchema, type ObjectName } from './schema';
import type { SampleRecords, SeededOrg } from './seed';
import { WriteJournal } from './write-journal';

export interface RecordLocation {
  readonly object: ObjectName;
  readonly table: PersonTable;
  readonly row: number;
  /** The 18-character Id. */
  readonly id: string;
}

export interface ConvertOptions {
  /** Convert into this existing Contact; by default a new Contact is made from the Lead. */
  readonly contactId?: string;
}

export interface ConversionResult {
  readonly leadId: string;
  readonly contactId: string;
  readonly accountId: string | null;
}

const DAY_MS = 86_400_000;

export interface ValidationRule {
  readonly message: string;
  /** The field the error is shown on; none for a record-level rule. */
  readonly field?: string;
}

/** A record as tests and the inspection API see it: every current field, API-formatted. */
export interface OrgRecord {
  readonly id: string;
  readonly object: ObjectName;
  readonly fields: Readonly<Record<string, ApiValue>>;
}

/**
 * How to take back the updates applied while it was recording, newest first: a Composite request
 * with `allOrNone` rolls back every subrequest when one fails (api/composite.ts).
 */
export class UndoLog {
  private readonly steps: Array<() => void> = [];

  add(step: () => void): void {
    this.steps.push(step);
  }

  rollBack(): void {
    for (const step of this.steps.reverse()) step();
    this.steps.length = 0;
  }

  /** Runs `work` with the org's updates recorded here (synchronously: no other request's). */
  record<T>(org: Org, work: () => T): T {
    const before = org.undoLog;
    org.undoLog = this;
    try {
      return work();
    } finally {
      org.undoLog = before;
    }
  }
}

/** The emulated org's data and schema: the tables, their live schemas and validation rules. */
export class Org {
  readonly orgId: string;
  /** The API user (every session's), who also deletes, merges and converts in the UI. */
  readonly userId: string;
  /** An administrator: who makes a test's edits unless it names another user. */
  readonly adminUserId: string;
  readonly samples: SampleRecords;
  readonly tables: Readonly<Record<ObjectName, PersonTable>>;
  private readonly schemas: Readonly<Record<ObjectName, ObjectSchema>>;
  private readonly validationRules = new Map<string, ValidationRule>();
  private readonly duplicateRules = new Map<string, DuplicateRule>();
  /** Every update applied through the API. */
  readonly writes = new WriteJournal();
  /** Where updates record how to take themselves back, while a Composite allOrNone runs. */
  undoLog: UndoLog | null = null;

  constructor(seeded: SeededOrg) {
    this.orgId = seeded.orgId;
    this.userId = seeded.userId;
    this.adminUserId = seeded.adminUserId;
    this.samples = seeded.samples;
    this.tables = seeded.tables;
    this.schemas = {
      Contact: new ObjectSchema('Contact'),
      Lead: new ObjectSchema('Lead'),
      Account: new ObjectSchema('Account'),
    };
  }

  schema(object: ObjectName): ObjectSchema {
    return this.schemas[object];
  }

  /** The object whose name this is, matched case-insensitively as the REST paths are. */
  objectNamed(name: string): ObjectName | null {
    return OBJECT_NAMES.find((object) => object.toLowerCase() === name.toLowerCase()) ?? null;
  }

  /** Where a 15- or 18-character Id lives, deleted records included; null if it names no row. */
  locate(rawId: string): RecordLocation | null {
    const id = toId18(rawId);
    if (!id) return null;
    for (const object of OBJECT_NAMES) {
      const table = this.tables[object];
      const row = table.rowOf(id);
      if (row !== null) return { object, table, row, id };
    }
    return null;
  }

  /** The time of a save, to the second as Salesforce stores it. */
  now(): number {
    return toSecond(Date.now());
  }

  snapshot(location: RecordLocation): OrgRecord {
    const fields: Record<string, ApiValue> = {};
    for (const field of this.schemas[location.object].fields) {
      fields[field.name] = toApiValue(field, location.table.get(location.row, field.slot));
    }
    return { id: location.id, object: location.object, fields };
  }

  validationRuleFor(id18: string): ValidationRule | undefined {
    return this.validationRules.get(id18);
  }

  addValidationRule(rawId: string, rule: ValidationRule): void {
    this.validationRules.set(this.require(rawId).id, rule);
  }

  removeValidationRule(rawId: string): void {
    this.validationRules.delete(this.require(rawId).id);
  }

  duplicateRuleFor(id18: string): DuplicateRule | undefined {
    return this.duplicateRules.get(id18);
  }

  /**
   * A duplicate rule that matches this record on edit. By default it matches the other live
   * records of its object with the same email address, as the standard matching rules do.
   */
  addDuplicateRule(rawId: string, input: DuplicateRuleInput): DuplicateRule {
    const location = this.require(rawId);
    const matches = input.matchIds
      ? input.matchIds.map((id) => {
          const match = this.require(id);
          return { id: match.id, object: match.object };
        })
      : this.sameEmailIds(location).map((id) => ({ id, object: location.object }));
    const rule = duplicateRule(location.object, input, matches);
    this.duplicateRules.set(location.id, rule);
    return rule;
  }

  removeDuplicateRule(rawId: string): void {
    this.duplicateRules.delete(this.require(rawId).id);
  }

  private sameEmailIds(location: RecordLocation): string[] {
    const { table, row } = location;
    const email = table.get(row, 'Email');
    if (typeof email !== 'string' || !email) return [];
    const ids: string[] = [];
    for (let other = 0; other < table.size; other += 1) {
      const value = table.get(other, 'Email');
      if (other === row || table.isDeleted(other) || typeof value !== 'string') continue;
      if (value.toLowerCase() === email.toLowerCase()) ids.push(table.ids.idOf(other));
    }
    return ids;
  }

  delete(rawId: string): void {
    const location = this.require(rawId);
    location.table.set(location.row, 'IsDeleted', true);
    location.table.touch(location.row, this.now(), this.userId);
  }

  /**
   * Convert a Lead (SOAP API Developer Guide, convertLead(); Object Reference, Lead): into an
   * existing Contact, or into a new one made from the Lead. Sets IsConverted, the converted
   * Status, ConvertedContactId, ConvertedAccountId (the Contact's account) and ConvertedDate.
   */
  convertLead(rawId: string, options: ConvertOptions = {}): ConversionResult {
    const lead = this.require(rawId);
    if (lead.object !== 'Lead') throw new Error(`${rawId} is not a Lead`);
    if (lead.table.isDeleted(lead.row)) throw new Error(`${rawId} is deleted`);
    if (lead.table.get(lead.row, 'IsConverted') === true) {
      throw new Error(`${rawId} is already converted`);
    }
    const contact = options.contactId ? this.require(options.contactId) : this.newContactFrom(lead);
    if (contact.object !== 'Contact' || contact.table.isDeleted(contact.row)) {
      throw new Error(`${options.contactId ?? ''} is not a live Contact`);
    }
    const accountId = contact.table.get(contact.row, 'AccountId');
    const now = this.now();
    const { table, row } = lead;
    table.set(row, 'IsConverted', true);
    table.set(row, 'Status', 'Closed - Converted');
    table.set(row, 'ConvertedContactId', contact.id);
    table.set(row, 'ConvertedAccountId', accountId);
    table.set(row, 'ConvertedDate', Math.floor(now / DAY_MS) * DAY_MS);
    table.touch(row, now, this.userId);
    return {
      leadId: lead.id,
      contactId: contact.id,
      accountId: typeof accountId === 'string' ? accountId : null,
    };
  }

  /**
   * Merge `loserId` into `masterId` (SOAP API Developer Guide, merge(): records of one object;
   * the others are deleted, with MasterRecordId set, and stay visible to queryAll). Person
   * Accounts merge only with Person Accounts, and their person contacts go with them.
   */
  merge(masterId: string, loserId: string): void {
    const master = this.require(masterId);
    const loser = this.require(loserId);
    if (master.object !== loser.object) throw new Error('Only records of one object merge');
    if (master.id === loser.id) throw new Error('A record cannot be merged into itself');
    for (const location of [master, loser]) {
      if (location.table.isDeleted(location.row)) throw new Error(`${location.id} is deleted`);
    }
    const isPerson = (location: RecordLocation) =>
      location.table.get(location.row, 'IsPersonAccount') === true;
    if (master.object === 'Contact' && (isPerson(master) || isPerson(loser))) {
      throw new Error('Person contacts merge through their Person Accounts');
    }
    if (master.object === 'Account' && isPerson(master) !== isPerson(loser)) {
      throw new Error('Person Accounts merge only with Person Accounts');
    }
    const now = this.now();
    this.deleteAsMerged(loser, master.id, now);
    const loserContact = this.personContactOf(loser);
    const masterContact = this.personContactOf(master);
    if (loserContact && masterContact) this.deleteAsMerged(loserContact, masterContact.id, now);
    master.table.touch(master.row, now, this.userId);
  }

  private deleteAsMerged(location: RecordLocation, masterId: string, at: number): void {
    location.table.set(location.row, 'IsDeleted', true);
    location.table.set(location.row, 'MasterRecordId', masterId);
    location.table.touch(location.row, at, this.userId);
  }

  private personContactOf(account: RecordLocation): RecordLocation | null {
    if (account.object !== 'Account') return null;
    const id = account.table.get(account.row, 'PersonContactId');
    return typeof id === 'string' ? this.locate(id) : null;
  }

  /** A Contact made from a Lead's person fields, as conversion creates one. */
  private newContactFrom(lead: RecordLocation): RecordLocation {
    const table = this.tables.Contact;
    const row = table.append();
    const now = this.now();
    for (const slot of [
      'FirstName',
      'LastName',
      'Email',
      'EmailOptOut',
      'MarketoOptOut',
    ] as const) {
      table.set(row, slot, lead.table.get(lead.row, slot));
    }
    table.set(row, 'CreatedDate', now);
    table.touch(row, now, this.userId);
    return { object: 'Contact', table, row, id: table.ids.idOf(row) };
  }

  require(rawId: string): RecordLocation {
    const location = this.locate(rawId);
    if (!location) throw new Error(`No record ${rawId} in the emulated org`);
    return location;
  }
}
