import { compileSoql } from '../soql/compile';
import { selectRows } from '../soql/execute';
import { parseDate, parseDatetime } from '../data/field-values';
import type { DuplicateRule, DuplicateRuleInput } from '../data/duplicate-rules';
import type { ConversionResult, ConvertOptions, Org, OrgRecord } from '../data/org';
import type { FieldValue } from '../data/person-table';
import type { FieldDef, ObjectSchema, ObjectName } from '../data/schema';
import type { SampleRecords } from '../data/seed';

export interface ListOptions {
  /** A SOQL condition, e.g. `HasOptedOutOfEmail = true AND IsConverted = false`. */
  readonly where?: string;
  /** A SOQL ORDER BY list, e.g. `SystemModstamp DESC`. */
  readonly orderBy?: string;
  readonly limit?: number;
  readonly includeDeleted?: boolean;
}

/** Dates and datetimes arrive as text and are stored as epoch milliseconds. */
function storedValue(field: FieldDef, value: FieldValue): FieldValue {
  if (typeof value !== 'string' || (field.type !== 'date' && field.type !== 'datetime')) {
    return value;
  }
  const ms = field.type === 'date' ? parseDate(value) : parseDatetime(value);
  if (ms === null) throw new Error(`Bad ${field.type} ${value}`);
  return ms;
}

/**
 * The org as tests drive it directly: read and change records behind the API's back (no
 * permission checks, no faults), shape the schema, add validation rules.
 */
export class OrgControl {
  constructor(private readonly org: Org) {}

  get orgId(): string {
    return this.org.orgId;
  }

  get userId(): string {
    return this.org.userId;
  }

  get adminUserId(): string {
    return this.org.adminUserId;
  }

  /** Recognizable demo records (Ada Lovelace, Alan Turing, Marie Curie, …). */
  get samples(): SampleRecords {
    return this.org.samples;
  }

  /** A record by 15- or 18-character Id (deleted ones too, with IsDeleted true), or null. */
  get(id: string): OrgRecord | null {
    const location = this.org.locate(id);
    return location ? this.org.snapshot(location) : null;
  }

  list(object: ObjectName, options: ListOptions = {}): OrgRecord[] {
    const table = this.org.tables[object];
    const rows = this.select(object, options);
    return Array.from(rows, (row) =>
      this.org.snapshot({ object, table, row, id: table.ids.idOf(row) }),
    );
  }

  /**
   * Calls `visit` with the Id and the values of `fields` (API names, values as stored: text,
   * booleans, epoch ms) of every matching record, in table order, without building whole
   * records as `list` does: a check over a million rows stays fast and flat in memory.
   */
  scan(
    object: ObjectName,
    fields: readonly string[],
    options: Pick<ListOptions, 'where' | 'includeDeleted'>,
    visit: (id: string, values: readonly FieldValue[]) => void,
  ): void {
    const table = this.org.tables[object];
    const schema = this.org.schema(object);
    const slots = fields.map((name) => {
      const field = schema.field(name);
      if (!field) throw new Error(`No field ${name} on ${object}`);
      return field.slot;
    });
    for (const row of this.select(object, options)) {
      visit(
        table.ids.idOf(row),
        slots.map((slot) => table.get(row, slot)),
      );
    }
  }

  count(object: ObjectName, where?: string): number {
    return this.select(object, { where }).length;
  }

  /** Rows in the object's table, deleted ones included. */
  size(object: ObjectName): number {
    return this.org.tables[object].size;
  }

  /**
   * Change fields by API name, read-only ones included (as an admin or automation would). A
   * person contact's person fields change on its Person Account too, and the other way round.
   * Datetimes are ISO text, dates `YYYY-MM-DD`. A save, as Edit on the record page makes one:
   * LastModifiedById (`by`: the org's administrator `adminUserId` unless told, `userId` for the
   * API user's own hand edit), LastModifiedDate and SystemModstamp move; `touch: false` moves
   * none of them.
   */
  set(
    id: string,
    values: Readonly<Record<string, FieldValue>>,
    options: { touch?: boolean; by?: string } = {},
  ): void {
    const location = this.org.require(id);
    const schema = this.org.schema(location.object);
    for (const [name, value] of Object.entries(values)) {
      const field = schema.field(name);
      if (!field) throw new Error(`No field ${name} on ${location.object}`);
      location.table.set(location.row, field.slot, storedValue(field, value));
    }
    if (options.touch !== false) {
      location.table.touch(location.row, this.org.now(), options.by ?? this.org.adminUserId);
    }
  }

  /** Delete a record: the API then answers ENTITY_IS_DELETED for it. */
  delete(id: string): void {
    this.org.delete(id);
  }

  /**
   * Convert a Lead into `contactId` or a new Contact: sets IsConverted, ConvertedContactId,
   * ConvertedAccountId and ConvertedDate; updates then fail with CANNOT_UPDATE_CONVERTED_LEAD.
   */
  convertLead(id: string, options: ConvertOptions = {}): ConversionResult {
    return this.org.convertLead(id, options);
  }

  /**
   * Merge `loserId` into `masterId` (same object): the loser is deleted with MasterRecordId set,
   * left out of query, returned by queryAll; writes to it fail with ENTITY_IS_DELETED.
   */
  merge(masterId: string, loserId: string): void {
    this.org.merge(masterId, loserId);
  }

  /** Make updates of this record fail with FIELD_CUSTOM_VALIDATION_EXCEPTION and this message. */
  addValidationRule(id: string, message: string, field?: string): void {
    this.org.addValidationRule(id, field ? { message, field } : { message });
  }

  removeValidationRule(id: string): void {
    this.org.removeValidationRule(id);
  }

  /**
   * A duplicate rule matching this record on edit: `allow` ("Allow" with an alert: updates fail
   * with DUPLICATES_DETECTED unless they carry `Sforce-Duplicate-Rule-Header: allowSave=true`) or
   * `block` (they always fail). It matches the other records of its object with its email address
   * unless `matchIds` is given.
   */
  addDuplicateRule(id: string, rule: DuplicateRuleInput): DuplicateRule {
    return this.org.addDuplicateRule(id, rule);
  }

  removeDuplicateRule(id: string): void {
    this.org.removeDuplicateRule(id);
  }

  /**
   * The object's live schema: remove or rename the Marketo field, make fields read-only. A field
   * removed is absent from describe and unknown to writes, as a field that field-level security
   * hides from the user is (and one not installed).
   */
  schema(object: ObjectName): ObjectSchema {
    return this.org.schema(object);
  }

  private select(object: ObjectName, options: ListOptions): Int32Array {
    const soql = [
      `SELECT Id FROM ${object}`,
      options.where ? `WHERE ${options.where}` : '',
      options.orderBy ? `ORDER BY ${options.orderBy}` : '',
      options.limit !== undefined ? `LIMIT ${options.limit}` : '',
    ].join(' ');
    return selectRows(
      this.org.tables[object],
      compileSoql(this.org, soql),
      options.includeDeleted ?? false,
    );
  }
}
