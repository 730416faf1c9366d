import type { Database } from '../src/lib/db/open';
import type { UnsubscribeRecord } from '../src/lib/db/schema';
import { decodeUnsubscribe } from '../src/lib/db/unsubscribe-codec';
import { emailKey } from '../src/lib/same-email';
import type { Emulator, ObjectName } from '../test/emulator/index';

/**
 * SPEC R5 after a run, checked behind the API's back: every writable record Salesforce has
 * opted out is in the store, and every stored unsubscribe is set in Salesforce. With the
 * same-email rule on, also: every writable record whose address (`emailKey`) is opted out on
 * any writable record is opted out too. Returns what is wrong, or 'ok'. Not part of any
 * measured time.
 *
 * Flat memory at 1M: the store is read in chunks and the org through `emu.org.scan` (a few
 * fields of each row, no whole records); what is kept is Ids and addresses of opted-out
 * records and stored unsubscribes only, never a record object.
 */

/** Writable: a Contact that is not a person contact, an unconverted Lead, a Person Account. */
const OBJECTS: readonly {
  readonly object: ObjectName;
  readonly field: string;
  readonly email: string;
  readonly writable: string;
}[] = [
  {
    object: 'Account',
    field: 'PersonHasOptedOutOfEmail',
    email: 'PersonEmail',
    writable: 'IsPersonAccount = true',
  },
  {
    object: 'Contact',
    field: 'HasOptedOutOfEmail',
    email: 'Email',
    writable: 'IsPersonAccount = false',
  },
  // A converted Lead cannot be updated, so the reconcile leaves it out; so does R5's check.
  { object: 'Lead', field: 'HasOptedOutOfEmail', email: 'Email', writable: 'IsConverted = false' },
];

const STORE_CHUNK = 5000;

/** The Ids of the stored unsubscribes, and of those that should be set in Salesforce. */
async function storedIds(emu: Emulator, db: Database) {
  const all = new Set<string>();
  const live = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const chunk: UnsubscribeRecord[] = (
      await db.getAll(
        'unsubscribes',
        IDBKeyRange.bound([emu.orgId, after ?? ''], [emu.orgId, '\uffff'], after !== null),
        STORE_CHUNK,
      )
    ).map(decodeUnsubscribe);
    for (const record of chunk) {
      all.add(record.recordId);
      if (record.status !== 'undone' && record.status !== 'failed') live.add(record.recordId);
    }
    after = chunk.at(-1)?.recordId ?? after;
    if (chunk.length < STORE_CHUNK) return { all, live };
  }
}

export async function bothSidesHold(
  emu: Emulator,
  db: Database,
  { sameEmail }: { readonly sameEmail: boolean },
): Promise<string> {
  const stored = await storedIds(emu, db);
  let notStored = 0;
  const optedOutIds = new Set<string>();
  const optedOutKeys = new Set<string>();
  for (const { object, field, email, writable } of OBJECTS) {
    emu.org.scan(object, [], { where: `${field} = true` }, (id) => optedOutIds.add(id));
    emu.org.scan(object, [email], { where: `${field} = true AND ${writable}` }, (id, [address]) => {
      if (!stored.all.has(id)) notStored += 1;
      const key = emailKey(typeof address === 'string' ? address : null);
      if (key !== null) optedOutKeys.add(key);
    });
  }
  let notInSalesforce = 0;
  for (const id of stored.live) if (!optedOutIds.has(id)) notInSalesforce += 1;
  let notCovered = 0;
  if (sameEmail) {
    for (const { object, field, email, writable } of OBJECTS) {
      const where = `${field} = false AND ${writable} AND ${email} != null`;
      emu.org.scan(object, [email], { where }, (_id, [address]) => {
        const key = emailKey(typeof address === 'string' ? address : null);
        if (key !== null && optedOutKeys.has(key)) notCovered += 1;
      });
    }
  }
  const problems = [
    ...(notStored > 0 ? [`${notStored} opt-outs not stored`] : []),
    ...(notInSalesforce > 0 ? [`${notInSalesforce} unsubscribes not in Salesforce`] : []),
    ...(notCovered > 0 ? [`${notCovered} records of an opted-out address not opted out`] : []),
  ];
  return problems.length === 0 ? 'ok' : problems.join('; ');
}
