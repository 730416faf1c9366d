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
 * The rows of one object in column arrays (about 25 bytes a row), so a million people fit in a
 * few tens of megabytes. Names are indexes into word lists; emails, full names and created dates
 * are derived on read; only values a test or an update changed are kept as objects.
 */
export class PersonTable {
  readonly firstName: Uint16Array;
  readonly lastName: Uint16Array;
  readonly company: Uint16Array;
  readonly status: Uint8Array;
  readonly flags: Uint8Array;
  readonly lastModified: Float64Array;
  readonly systemModstamp: Float64Array;
  private readonly overrides = new Map<number, Map<Slot, FieldValue>>();

  constructor(
    readonly object: ObjectName,
    readonly size: number,
    readonly ids: IdCodec,
    private readonly ownerId: string,
    /** The moment the seeded history ends; created dates lie before it. */
    private readonly anchor: number,
  ) {
    this.firstName = new Uint16Array(size);
    this.lastName = new Uint16Array(size);
    this.company = new Uint16Array(size);
    this.status = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    this.lastModified = new Float64Array(size);
    this.systemModstamp = new Float64Array(size);
  }

  createdAt(row: number): number {
    const daysBack = 1 + (hashInt(row, 0x5eed) % MAX_AGE_DAYS);
    const timeOfDay = hashInt(row, 0x7157) % DAY_MS;
    return toSecond(this.anchor - daysBack * DAY_MS + timeOfDay);
  }

  isDeleted(row: number): boolean {
    return (this.flags[row] ?? 0) & FLAG_BITS.IsDeleted ? true : false;
  }

  isPersonAccount(row: number): boolean {
    return this.object === 'Account' && this.get(row, 'IsPersonAccount') === true;
  }

  get(row: number, slot: Slot): FieldValue {
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
    }
  }

  set(row: number, slot: Slot, value: FieldValue): void {
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

  /** Record a modification, as every save does. */
  touch(row: number, at: number): void {
    this.lastModified[row] = at;
    this.systemModstamp[row] = at;
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
    const first = String(this.get(row, 'FirstName') ?? '').toLowerCase();
    const last = String(this.get(row, 'LastName') ?? '').toLowerCase();
    const company = COMPANIES[this.company[row] ?? 0] ?? 'people';
    return `${first}.${last}@${companyDomain(company)}`;
  }
}
