import type { Database } from '../db/open';
import type { UnsubscribeRecord } from '../db/schema';
import { unsubscribesAfter } from '../db/unsubscribes';

/** Stored unsubscribes read per IndexedDB request while gathering their addresses. */
const SCAN_CHUNK = 2000;

/** A 30-bit FNV-1a hash of an address key: a small integer, which a `Set` keeps unboxed. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}

/**
 * The addresses (`emailKey`) of an org's live stored unsubscribes, as hashes: a filter that says
 * for sure when the store holds no live unsubscribe of an address (`mayHold` false), so that the
 * same-email check of a record read skips its `orgEmail` index lookup, one IndexedDB request a
 * row, for the 85 % of an org a full pass reads as candidates. A hash shared by two addresses
 * only costs a lookup. About 20 bytes an address (a `Set` of small integers): 2 MB for the
 * 100,000 unsubscribes of a 1M-record org, where the records themselves are not held.
 *
 * It holds what the store held when it was gathered plus every address `add`ed since: the reads
 * add the unsubscribes they store. An unsubscribe another part of the extension stores meanwhile
 * (a rep's click during the run) is the next run's to look up, as a new address (`addressSince`).
 */
export class StoredAddresses {
  readonly #hashes = new Set<number>();

  /** Every live unsubscribe of the org, read from the store in chunks. */
  static async gather(db: Database, orgId: string): Promise<StoredAddresses> {
    const addresses = new StoredAddresses();
    let afterId: string | null = null;
    for (;;) {
      const chunk: UnsubscribeRecord[] = await unsubscribesAfter(db, orgId, afterId, SCAN_CHUNK);
      for (const record of chunk) if (record.status !== 'undone') addresses.add(record.emailKey);
      afterId = chunk.at(-1)?.recordId ?? afterId;
      if (chunk.length < SCAN_CHUNK) return addresses;
    }
  }

  add(key: string | null | undefined): void {
    if (key) this.#hashes.add(hashOf(key));
  }

  /** False only when no live unsubscribe of the store has this address. */
  mayHold(key: string): boolean {
    return this.#hashes.has(hashOf(key));
  }
}
