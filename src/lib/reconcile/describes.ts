import type { Connection } from 'jsforce/core';
import type { Database } from '../db/open';
import { DESCRIBE_MAX_AGE, describeCached, dropDescribe } from '../db/org-cache';
import { PERSON_KIND, PERSON_KINDS } from '../person-kinds';
import { describeObject } from '../salesforce/describe-object';
import type { ReconcileDeps } from './deps';

/**
 * The nightly run's describes: the stored ones up to a week old (`DESCRIBE_MAX_AGE.nightly`), so
 * most nights ask for none; else one request each, counted and stored for the card as well.
 * `forgetDescribes` drops them after a field problem (`describe-refresh.ts`).
 */
export function storedDescribes(
  db: Database,
  conn: Connection,
  orgId: string,
  now: () => number,
): Pick<ReconcileDeps, 'describe' | 'forgetDescribes'> {
  return {
    describe: (kind, countCall) => {
      const { object } = PERSON_KIND[kind];
      return describeCached(
        db,
        orgId,
        object,
        { now: now(), maxAgeMs: DESCRIBE_MAX_AGE.nightly },
        () => {
          countCall();
          return describeObject(conn, object);
        },
      );
    },
    forgetDescribes: async () => {
      const objects = new Set(PERSON_KINDS.map((kind) => PERSON_KIND[kind].object));
      for (const object of objects) await dropDescribe(db, orgId, object);
    },
  };
}
