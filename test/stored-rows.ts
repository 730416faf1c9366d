import type { Database } from '../src/lib/db/open';
import type { UnsubscribeRecord } from '../src/lib/db/schema';
import { decodeUnsubscribe } from '../src/lib/db/unsubscribe-codec';

/** Every unsubscribe a test's database holds, whole, as the extension's readers see them. */
export async function storedRows(db: Database): Promise<UnsubscribeRecord[]> {
  return (await db.getAll('unsubscribes')).map(decodeUnsubscribe);
}
