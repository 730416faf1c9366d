import type { ApiValue } from './field-values';
import type { WriteChannel } from './record-update';
import type { ObjectName } from './schema';

/** One record update the org applied through the API (not a test's own change behind its back). */
export interface AppliedWrite {
  readonly seq: number;
  /** ISO time it was applied. */
  readonly at: string;
  readonly channel: WriteChannel;
  readonly object: ObjectName;
  /** The 18-character Id. */
  readonly id: string;
  /** The fields it set, API-formatted. */
  readonly fields: Readonly<Record<string, ApiValue>>;
}

export interface WriteFilter {
  /** A 15- or 18-character Id is matched by its first 15 characters. */
  readonly id?: string;
  /** Only writes that set this field. */
  readonly field?: string;
}

/**
 * Every update the org applied, in order: a client's retry that writes a record again shows as a
 * second entry even when the values are the same, which the records themselves cannot tell.
 */
export class WriteJournal {
  private items: AppliedWrite[] = [];
  private seq = 0;

  add(write: Omit<AppliedWrite, 'seq' | 'at'>): void {
    this.seq += 1;
    this.items.push({ ...write, seq: this.seq, at: new Date().toISOString() });
  }

  /** The sequence number of the last write added (0 before any). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Forgets a write that was rolled back (a Composite allOrNone): it never took effect. */
  remove(seq: number): void {
    this.items = this.items.filter((write) => write.seq !== seq);
  }

  entries(filter: WriteFilter = {}): AppliedWrite[] {
    return this.items.filter((write) => matches(write, filter));
  }

  /** How many applied writes each record had (records never written are absent). */
  countsById(filter: Omit<WriteFilter, 'id'> = {}): Map<string, number> {
    const counts = new Map<string, number>();
    for (const write of this.entries(filter)) counts.set(write.id, (counts.get(write.id) ?? 0) + 1);
    return counts;
  }
}

function matches(write: AppliedWrite, filter: WriteFilter): boolean {
  return (
    (filter.id === undefined || write.id.slice(0, 15) === filter.id.slice(0, 15)) &&
    (filter.field === undefined || Object.hasOwn(write.fields, filter.field))
  );
}
