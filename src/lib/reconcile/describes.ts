import type { Connection } from 'jsforce/core';
import type { Database } from '../db/open';
import { DESCRIBE_MAX_AGE, dropDescribe, getStoredDescribe, putDescribe } from '../db/org-cache';
import { PERSON_KIND, PERSON_KINDS, type PersonKind, type PersonObject } from '../person-kinds';
import { API_VERSION } from '../salesforce/connection';
import {
  sendComposite,
  subrequestFailure,
  type Subrequest,
  type SubrequestResult,
} from '../salesforce/composite';
import { toObjectDescribe, type ObjectDescribe } from '../salesforce/describe';
import { RunStopped } from './run-stopped';
import type { ReconcileDeps } from './deps';

/**
 * The nightly run's describes: the stored ones up to a week old (`DESCRIBE_MAX_AGE.nightly`), so
 * most nights ask for none. The missing ones ride in the run's first read composite
 * (`describesAlong`: describes are not among the five query or Collections subrequests a
 * composite may hold, so they cost no call of their own), or, where the run cannot read before
 * it knows them, all in ONE Composite request (`describe`). Either way they are stored for the
 * card as well. `forgetDescribes` drops them after a field problem (`describe-refresh.ts`).
 */
export function storedDescribes(
  db: Database,
  conn: Connection,
  orgId: string,
  now: () => number,
): Pick<ReconcileDeps, 'describe' | 'describesAlong' | 'forgetDescribes'> {
  /** The kinds' objects' stored describes: those young enough, those of any age, the rest. */
  const stored = async (kinds: readonly PersonKind[]) => {
    const at = now();
    const fresh = new Map<PersonObject, ObjectDescribe>();
    const any = new Map<PersonObject, ObjectDescribe>();
    const objects = objectsOf(kinds);
    for (const object of objects) {
      const kept = await getStoredDescribe(db, orgId, object);
      if (!kept) continue;
      any.set(object, kept.describe);
      if (at - kept.fetchedAt < DESCRIBE_MAX_AGE.nightly) fresh.set(object, kept.describe);
    }
    return { at, fresh, any, missing: objects.filter((object) => !fresh.has(object)) };
  };
  const keep = async (described: ReadonlyMap<PersonObject, ObjectDescribe>, at: number) => {
    for (const [object, describe] of described) await putDescribe(db, orgId, object, describe, at);
  };
  return {
    describe: async (kinds, countCall) => {
      const { at, fresh, missing } = await stored(kinds);
      if (missing.length > 0) {
        const answer = await sendComposite(conn, describeSubrequests(missing), countCall);
        if (!answer.ok) throw new RunStopped(answer.failure);
        const described = describesIn(missing, answer.results);
        await keep(described, at);
        for (const [object, describe] of described) fresh.set(object, describe);
      }
      return byKind(kinds, fresh);
    },
    describesAlong: async (kinds) => {
      const { fresh, any, missing } = await stored(kinds);
      if (missing.length === 0) return null;
      return {
        stored: byKind(kinds, any),
        subrequests: describeSubrequests(missing),
        accept: async (results) => {
          const described = describesIn(missing, results);
          await keep(described, now());
          return byKind(kinds, new Map([...fresh, ...described]));
        },
      };
    },
    forgetDescribes: async () => {
      for (const object of objectsOf(PERSON_KINDS)) await dropDescribe(db, orgId, object);
    },
  };
}

const objectsOf = (kinds: readonly PersonKind[]): PersonObject[] => [
  ...new Set(kinds.map((kind) => PERSON_KIND[kind].object)),
];

function byKind(
  kinds: readonly PersonKind[],
  describes: ReadonlyMap<PersonObject, ObjectDescribe>,
): Map<PersonKind, ObjectDescribe> {
  return new Map(
    kinds.flatMap((kind): [PersonKind, ObjectDescribe][] => {
      const describe = describes.get(PERSON_KIND[kind].object);
      return describe ? [[kind, describe]] : [];
    }),
  );
}

/** The describes of these objects, one subrequest each, named by the object. */
function describeSubrequests(objects: readonly PersonObject[]): Subrequest[] {
  return objects.map((object) => ({
    method: 'GET',
    url: `/services/data/v${API_VERSION}/sobjects/${object}/describe`,
    referenceId: object,
  }));
}

/** The describes a composite answered for `describeSubrequests(objects)`. */
function describesIn(
  objects: readonly PersonObject[],
  results: ReadonlyMap<string, SubrequestResult>,
): Map<PersonObject, ObjectDescribe> {
  const describes = new Map<PersonObject, ObjectDescribe>();
  for (const object of objects) {
    const result = results.get(object);
    const failure = subrequestFailure(result);
    if (failure) throw new RunStopped(failure);
    describes.set(object, toObjectDescribe(result?.body));
  }
  return describes;
}
