import type { UnsubscribeRecord } from '../db/schema';
import type { PersonObject } from '../person-kinds';
import type { RunState } from './run-state';
import { getUnsubscribes } from '../db/unsubscribes';
import type { WorkItem } from './write-outcomes';

/**
 * A stored unsubscribe the export will write, as it waits for its request or job: its key and
 * what it lacks, about a tenth of the record's heap (a whole record is about 1.2 KB in V8), so
 * the export holds tens of thousands of them without holding their records. Each is read back
 * from the store just before it is written (`workItems`).
 */
export interface ExportTarget {
  readonly recordId: string;
  readonly object: PersonObject;
  readonly missing: readonly string[];
  /**
   * The record as the export will store it, only where that is not the stored one (a person
   * contact's Account, read by the move); every other record is read back from the store.
   */
  readonly record?: UnsubscribeRecord;
}

/** An item's target, its record left in the store (`asStored`) or kept. */
export function targetOf({ record, missing }: WorkItem, asStored: boolean): ExportTarget {
  return {
    recordId: record.recordId,
    object: record.object,
    missing,
    ...(asStored ? {} : { record }),
  };
}

/** The targets' records, read back from the store; one that is gone has nothing to write. */
export async function workItems(
  state: RunState,
  targets: readonly ExportTarget[],
): Promise<WorkItem[]> {
  const { db, orgId } = state.deps;
  const stored = await getUnsubscribes(
    db,
    orgId,
    targets.filter((t) => !t.record).map((t) => t.recordId),
  );
  let next = 0;
  // Kept records as they are; the others from the store, in the targets' order.
  const records = targets.map((t) => t.record ?? stored[next++]);
  return targets.flatMap((t, i) => {
    const record = records[i];
    return record ? [{ record, missing: [...t.missing] }] : [];
  });
}
