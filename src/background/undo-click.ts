import type { UnsubscribeRecord } from '../lib/db/schema';
import { putUnsubscribes } from '../lib/db/unsubscribes';
import type { Failure } from '../lib/failure';
import { writeOptOuts } from '../lib/salesforce/opt-out-writes';
import { coveredOf } from '../lib/unsubscribe-answer';
import { coveredByOf, undone } from '../lib/unsubscribe-record';
// Types only: Undo runs in Node tests, where the extension APIs cannot even be imported.
import type { OrgContext } from './org-context';

/** Whether a send of this unsubscribe may have set its fields in Salesforce. */
const mayHaveApplied = (r: UnsubscribeRecord): boolean =>
  r.status === 'confirmed' || r.outcomeUnknown;

/**
 * Takes back a rep's click: on the clicked record and on every record with its address the
 * click covered (found by key through `covers`; one another click has unsubscribed since is not
 * this click's to take back), it clears exactly the fields that click set, all in ONE sObject
 * Collections request (more only past 200 records), then marks each undone. A record whose
 * write Salesforce refused keeps its unsubscribe; the first refusal is the answer. A click
 * that never reached Salesforce is undone without a request.
 */
export async function undoClick(
  ctx: OrgContext,
  record: UnsubscribeRecord,
  who: string,
  now: number,
): Promise<Failure | null> {
  const covered = (await coveredOf(ctx.db, record)).filter(
    (r) => r.status !== 'undone' && coveredByOf(r)?.recordId === record.recordId,
  );
  const all = [record, ...covered];
  const toClear = all.filter((r) => mayHaveApplied(r) && r.setByClick.length > 0);
  const results = await writeOptOuts(
    ctx.conn,
    toClear.map((r) => ({
      recordId: r.recordId,
      object: r.object,
      fields: r.setByClick,
      value: false,
    })),
  );
  const refused = new Map<string, Failure>();
  for (const result of results) if (!result.ok) refused.set(result.recordId, result.failure);
  await putUnsubscribes(
    ctx.db,
    all.filter((r) => !refused.has(r.recordId)).map((r) => undone(r, who, now)),
  );
  return refused.get(record.recordId) ?? [...refused.values()][0] ?? null;
}
