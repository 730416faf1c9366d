import type { Connection } from 'jsforce/core';
import type { Database } from '../db/open';
import { DESCRIBE_MAX_AGE, dropDescribe, getFreshDescribe, putDescribe } from '../db/org-cache';
import { PERSON_KIND, PERSON_KINDS, type PersonKind, type PersonObject } from '../person-kinds';
import { API_VERSION } from '../salesforce/connection';
import { sendComposite, subrequestFailure } from '../salesforce/composite';
import { toObjectDescribe, type ObjectDescribe } from '../salesforce/describe';
import { RunStopped } from './run-stopped';
import type { ReconcileDeps } from './deps';

/**
 * The nightly run's describes: the stored ones up to a week old (`DESCRIBE_MAX_AGE.nightly`), so
 * most nights ask for none; the missing ones all in ONE Composite request (describes are not
 * among the five query or Collections subrequests a composite may hold), counted once and stored
 * for the card as well. `forgetDescribes` drops them after a field problem (`describe-refresh.ts`).
 */
export function storedDescribes(
  db: Database,
  conn: Connection,
  orgId: string,
  now: () => number,
): Pick<ReconcileDeps, 'describe' | 'forgetDescribes'> {
  return {
    describe: async (kinds, countCall) => {
      const objects = [...new Set(kinds.map((kind) => PERSON_KIND[kind].object))];
      const at = now();
      const known = new Map<PersonObject, ObjectDescribe>();
      for (const object of objects) {
        const cached = await getFreshDescribe(db, orgId, object, at, DESCRIBE_MAX_AGE.nightly);
        if (cached) known.set(object, cached);
      }
      const missing = objects.filter((object) => !known.has(object));
      if (missing.length > 0) {
        for (const [object, describe] of await describeInOneCall(conn, missing, countCall)) {
          known.set(object, describe);
          await putDescribe(db, orgId, object, describe, at);
        }
      }
      return new Map(
        kinds.flatMap((kind): [PersonKind, ObjectDescribe][] => {
          const describe = known.get(PERSON_KIND[kind].object);
          return describe ? [[kind, describe]] : [];
        }),
      );
    },
    forgetDescribes: async () => {
      const objects = new Set(PERSON_KINDS.map((kind) => PERSON_KIND[kind].object));
      for (const object of objects) await dropDescribe(db, orgId, object);
    },
  };
}

/** The describes of these objects, one subrequest each, in one Composite call. */
async function describeInOneCall(
  conn: Connection,
  objects: readonly PersonObject[],
  countCall: () => void,
): Promise<Map<PersonObject, ObjectDescribe>> {
  const answer = await sendComposite(
    conn,
    objects.map((object) => ({
      method: 'GET',
      url: `/services/data/v${API_VERSION}/sobjects/${object}/describe`,
      referenceId: object,
    })),
    countCall,
  );
  if (!answer.ok) throw new RunStopped(answer.failure);
  const describes = new Map<PersonObject, ObjectDescribe>();
  for (const object of objects) {
    const result = answer.results.get(object);
    const failure = subrequestFailure(result);
    if (failure) throw new RunStopped(failure);
    describes.set(object, toObjectDescribe(result?.body));
  }
  return describes;
}
