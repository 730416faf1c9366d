import { hashInt } from '../random';
import { COMPANIES, FIRST_NAMES, LAST_NAMES, LEAD_STATUSES, companyDomain } from './name-pools';
import type { IdCodec } from './record-ids';
import type { ObjectName, Slot } from './schema';

/** A stored value: datetimes are epoch milliseconds here and formatted at the API boundary. */
export type FieldValue = string | number | boolean | null;

/** Bits of the `flags` column. */
export const FLAG_BITS = {
  EmailOptOut: 1,
  MarketoOptOut: 2,
  DoNotCall: 4,
  IsDeleted: 8,
  IsConverted: 16,
  IsPersonAccount: 32,
} as const;
type FlagSlot = keyof typeof FLAG_BITS;
/** A `flags` bit that is no field: the derived email is written with capitals, as people type it. */
export const MIXED_CASE_EMAIL = 64;

/** A value computed from the row number when no update stored one (links between tables). */
export type Derivation = (row: number) => FieldValue;

/**
 * Rows of this table that show rows of another table (a Person Account's person contact shows the
 * Account's person fields): reads and writes of `slots` go to the source row.
 */
export interface MirroredRows {
  readonly first: number;
  readonly count: number;
  readonly source: PersonTable;
  readonly sourceFirst: number;
  readonly slots: ReadonlySet<Slot>;
}

const MIN_CAPACITY = 16;

const DAY_MS = 86_400_000;
const MAX_AGE_DAYS = 900;

/** Salesforce keeps datetimes to the second. */
export function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function isFlagSlot(slot: Slot): slot is FlagSlot {
  return slot in FLAG_BITS;
}

/**
 * The rows of one object in column arrays (about 30 bytes a row), so a million people fit in a
 * few tens of megabytes. Names are indexes into word lists; emails, full names and created dates
 * are derived on read; only values a test or an update changed are kept as objects.
 */
export class PersonTable {
  // Replaced (not changed in place) when `append` outgrows them.
  firstName: Uint16Array;
  lastName: Uint16Array;
  company: Uint16Array;
  /**
   * A person number that makes the derived address unique (`first.last.N@company`); 0 (the
   * default) leaves the address to name and company alone, so unrelated people share it.
   */
  person: Uint32Array;
  status: Uint8Array;
  flags: Uint8Array;
  lastModified: Float64Array;
  systemModstamp: Float64Array;
  private rows: number;
  private readonly overrides = new Map<number, Map<Slot, FieldValue>>();
  /** Who saved a row last, where it is not the org's user (who seeded every row). */
  private readonly modifiedBy = new Map<number, string>();
  private readonly derivations = new Map<Slot, Derivation>();
  private mirrored: MirroredRows | null = null;

  constructor(
    readonly object: ObjectName,
    size: number,
    readonly ids: IdCodec,
    private readonly ownerId: string,
    /** The moment the seeded history ends; created dates lie before it. */
    private readonly anchor: number,
  ) {
    this.rows = size;
    this.firstName = new Uint16Array(size);
    this.lastName = new Uint16Array(size);
    this.company = new Uint16Array(size);
    this.person = new Uint32Array(size);
    this.status = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.lastModified = new Float64Array(size);
    this.systemModstamp = new Float64Array(size);
  }

  /** Rows in the table, deleted ones included. */
  get size(): number {
    return this.rows;
  }

  /** The row of a 15- or 18-character Id of this table, or null. */
  rowOf(id: string): number | null {
    const row = this.ids.rowOf(id);
    return row !== null && row < this.rows ? row : null;
  }

  /** Compute `slot` from the row when no value was stored (see `Derivation`). */
  derive(slot: Slot, derivation: Derivation): void {
    this.derivations.set(slot, derivation);
  }

  mirror(rows: MirroredRows): void {
    this.mirrored = rows;
  }

  /** Add a row, as a record created after seeding; its fields are then set one by one. */
  append(): number {
    if (this.rows === this.flags.length) this.grow(Math.max(MIN_CAPACITY, this.rows * 2));
    return this.rows++;
  }

  createdAt(row: number): number {
    const daysBack = 1 + (hashInt(row, 0x5eed) % MAX_AGE_DAYS);
    const timeOfDay = hashInt(row, 0x7157) % DAY_MS;
    return toSecond(this.anchor - daysBack * DAY_MS + timeOfDay);
  }

  isDeleted(row: number): boolean {
    const source = this.sourceRow(row, 'IsDeleted');
    if (source !== null) return this.mirrored?.source.isDeleted(source) ?? false;
    return (this.flags[row] ?? 0) & FLAG_BITS.IsDeleted ? true : false;
  }

  isPersonAccount(row: number): boolean {
    return this.object === 'Account' && this.get(row, 'IsPersonAccount') === true;
  }

  get(row: number, slot: Slot): FieldValue {
    const source = this.sourceRow(row, slot);
    if (source !== null) return this.mirrored?.source.get(source, slot) ?? null;
    const override = this.overrides.get(row);
    if (override?.has(slot)) return override.get(slot) ?? null;
    if (isFlagSlot(slot)) return ((this.flags[row] ?? 0) & FLAG_BITS[slot]) !== 0;
    switch (slot) {
      case 'Id':
        return this.ids.idOf(row);
      case 'OwnerId':
        return this.ownerId;
      case 'CreatedDate':
        return this.createdAt(row);
      case 'LastModifiedById':
        return this.modifiedBy.get(row) ?? this.ownerId;
      case 'LastModifiedDate':
        return this.lastModified[row] ?? null;
      case 'SystemModstamp':
        return this.systemModstamp[row] ?? null;
      case 'FirstName':
        return this.hasPersonName(row) ? (FIRST_NAMES[this.firstName[row] ?? 0] ?? null) : null;
      case 'LastName':
        return this.hasPersonName(row) ? (LAST_NAMES[this.lastName[row] ?? 0] ?? null) : null;
      case 'Company':
        return COMPANIES[this.company[row] ?? 0] ?? null;
      case 'Status':
        return LEAD_STATUSES[this.status[row] ?? 0] ?? null;
      case 'Name':
        return this.hasPersonName(row) ? this.fullName(row) : this.get(row, 'Company');
      case 'Email':
        return this.hasPersonName(row) ? this.derivedEmail(row) : null;
      default:
        return this.derivations.get(slot)?.(row) ?? null;
    }
  }

  set(row: number, slot: Slot, value: FieldValue): void {
    const source = this.sourceRow(row, slot);
    if (source !== null) {
      this.mirrored?.source.set(source, slot, value);
      return;
    }
    if (isFlagSlot(slot) && typeof value === 'boolean') {
      const current = this.flags[row] ?? 0;
      this.flags[row] = value ? current | FLAG_BITS[slot] : current & ~FLAG_BITS[slot];
      this.overrides.get(row)?.delete(slot);
      return;
    }
    if (slot === 'LastModifiedDate' && typeof value === 'number') {
      this.lastModified[row] = value;
      return;
    }
    if (slot === 'SystemModstamp' && typeof value === 'number') {
      this.systemModstamp[row] = value;
      return;
    }
    if (slot === 'LastModifiedById' && typeof value === 'string') {
      this.setModifiedBy(row, value);
      return;
    }
    let override = this.overrides.get(row);
    if (!override) {
      override = new Map();
      this.overrides.set(row, override);
    }
    // The email is derived from the name: keep it when the name changes, as Salesforce would.
    if (slot !== 'Email' && !override.has('Email') && this.hasPersonName(row)) {
      override.set('Email', this.derivedEmail(row));
    }
    override.set(slot, value);
  }

  /**
   * Record a save by user `by`, as every save does: LastModifiedById, LastModifiedDate and
   * SystemModstamp (API Developer Guide, "System Fields",
   * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/system_fields.htm).
   */
  touch(row: number, at: number, by: string): void {
    const source = this.sourceRow(row, 'SystemModstamp');
    if (source !== null) {
      this.mirrored?.source.touch(source, at, by);
      return;
    }
    this.lastModified[row] = at;
    this.systemModstamp[row] = at;
    this.setModifiedBy(row, by);
  }

  private setModifiedBy(row: number, by: string): void {
    if (by === this.ownerId) this.modifiedBy.delete(row);
    else this.modifiedBy.set(row, by);
  }

  /** The source row when `slot` of `row` is mirrored from another table, else null. */
  private sourceRow(row: number, slot: Slot): number | null {
    const m = this.mirrored;
    if (!m || row < m.first || row >= m.first + m.count || !m.slots.has(slot)) return null;
    return m.sourceFirst + row - m.first;
  }

  private grow(capacity: number): void {
    const widen = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(
      column: T,
      make: (n: number) => T,
    ): T => {
      const wider = make(capacity);
      wider.set(column);
      return wider;
    };
    this.firstName = widen(this.firstName, (n) => new Uint16Array(n));
    this.lastName = widen(this.lastName, (n) => new Uint16Array(n));
    this.company = widen(this.company, (n) => new Uint16Array(n));
    this.person = widen(this.person, (n) => new Uint32Array(n));
    this.status = widen(this.status, (n) => new Uint8Array(n));
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
    this.lastModified = widen(this.lastModified, (n) => new Float64Array(n));
    this.systemModstamp = widen(this.systemModstamp, (n) => new Float64Array(n));
  }

  private hasPersonName(row: number): boolean {
    return this.object !== 'Account' || this.isPersonAccount(row);
  }

  private fullName(row: number): string {
    const first = this.get(row, 'FirstName');
    const last = this.get(row, 'LastName');
    return [first, last].filter((part) => typeof part === 'string' && part !== '').join(' ');
  }

  private derivedEmail(row: number): string {
    const first = String(this.get(row, 'FirstName') ?? '');
    const last = String(this.get(row, 'LastName') ?? '');
    const domain = companyDomain(COMPANIES[this.company[row] ?? 0] ?? 'people');
    const person = this.person[row] ?? 0;
    const email = `${first}.${last}${person > 0 ? `.${person}` : ''}@${domain}`;
    if ((this.flags[row] ?? 0) & MIXED_CASE_EMAIL) {
      return email.replace(/@./, (at) => at.toUpperCase());
    }
    return email.toLowerCase();
  }
}
