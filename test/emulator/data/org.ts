import { toId18 } from '../../../src/lib/ids';
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

/** The emulated org's data and schema: the tables, their live schemas and validation rules. */
export class Org {
  readonly orgId: string;
  readonly userId: string;
  readonly samples: SampleRecords;
  readonly tables: Readonly<Record<ObjectName, PersonTable>>;
  private readonly schemas: Readonly<Record<ObjectName, ObjectSchema>>;
  private readonly validationRules = new Map<string, ValidationRule>();
  /** Every update applied through the API. */
  readonly writes = new WriteJournal();

  constructor(seeded: SeededOrg) {
    this.orgId = seeded.orgId;
    this.userId = seeded.userId;
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
      const row = table.ids.rowOf(id);
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

  delete(rawId: string): void {
    const location = this.require(rawId);
    location.table.set(location.row, 'IsDeleted', true);
    location.table.touch(location.row, this.now());
  }

  convertLead(rawId: string): void {
    const location = this.require(rawId);
    if (location.object !== 'Lead') throw new Error(`${rawId} is not a Lead`);
    location.table.set(location.row, 'IsConverted', true);
    location.table.set(location.row, 'Status', 'Closed - Converted');
    location.table.touch(location.row, this.now());
  }

  require(rawId: string): RecordLocation {
    const location = this.locate(rawId);
    if (!location) throw new Error(`No record ${rawId} in the emulated org`);
    return location;
  }
}
