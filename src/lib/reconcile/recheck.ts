import type { SyncStateRecord } from '../db/schema';
import { PERSON_KIND } from '../person-kinds';
import { readIntoStore, type StoreRead } from './read-rows';
import { importSoql } from './queries';
import type { Requirements } from './requirements';
import type { RunState } from './run-state';

/** Ids per query: a long `Id IN (...)` list would pass the 16,384-byte URI limit (414). */
const RECHECK_CHUNK = 200;

/**
 * R6: records removed from the extension since the last run are read again by Id. A full pass
 * reads every opted-out record anyway.
 */
export async function recheckRemoved(
  state: RunState,
  { plans, orgKinds }: Pick<Requirements, 'plans' | 'orgKinds'>,
  sync: SyncStateRecord | undefined,
): Promise<void> {
  const ids = sync?.recheckIds ?? [];
  if (ids.length === 0 || state.run.fullPass) return;
  const reads: StoreRead[] = [];
  for (const kind of plans.keys()) {
    const mine = ids.filter((id) => id.startsWith(PERSON_KIND[kind].keyPrefix));
    const fields = plans.get(kind) ?? [];
    for (let i = 0; i < mine.length; i += RECHECK_CHUNK) {
      const chunk = mine.slice(i, i + RECHECK_CHUNK);
      const soql = importSoql({ kind, fields, orgKinds, since: null, afterId: null, ids: chunk });
      reads.push({ kind, fields, soql });
    }
  }
  await readIntoStore(state, reads);
}
