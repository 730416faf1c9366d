import type { SyncStateRecord, UnsubscribeRecord } from '../db/schema';
import { unsubscribesAfter } from '../db/unsubscribes';
import { lookupAddresses, sameEmailScopes } from '../same-email';
import { isSameEmailImport } from '../unsubscribe-record';
import { importKinds } from './import-phase';
import { sameEmailSoql } from './queries';
import { readIntoStore, type StoreRead } from './read-rows';
import type { Requirements } from './requirements';
import type { RunState } from './run-state';
import { StoredAddresses } from './stored-addresses';

/** Stored unsubscribes read per IndexedDB request while looking for new addresses. */
const SCAN_CHUNK = 2000;
/** Addresses looked up together: a few queries' worth per kind, and bounded memory. */
const ADDRESS_BATCH = 1000;

type Kinds = Pick<Requirements, 'plans' | 'orgKinds'>;

/**
 * R5 with the `sameEmail` setting: every record whose email address is opted out on another
 * record, in Salesforce or in the store, is opted out too (never a clear). The store's address
 * index (`orgEmail`) is what a read record is checked against, so nothing is held in memory:
 * - a full pass reads every record with an address that lacks a chosen field, kind by kind, in
 *   REST pages or one Bulk API 2.0 job as the import does (the opted-out ones it has read);
 * - an incremental run reads only the records of the addresses new to the store since the last
 *   run (`Email IN (...)` lists under the URI limit); the records changed since were checked as
 *   the import read them.
 * With the setting off, nothing is read and the run is record by record, as before.
 */
export async function sameEmailPhase(
  state: RunState,
  kinds: Kinds,
  sync: SyncStateRecord | undefined,
): Promise<void> {
  if (state.deps.settings.sameEmail) {
    // Kept when a cut-off run resumes: what the store held when the phase first began.
    if (state.run.addressesFrom === undefined)
      await state.save({ addressesFrom: await nextTick(state.deps.now) });
    if (state.run.fullPass) await readCandidates(state, kinds);
    else await lookUpNewAddresses(state, kinds, addressesSince(state, sync));
  }
  await state.save({
    phase: 'export',
    checkpoint: { kindIndex: 0, afterId: null },
    progress: { done: 0, total: null },
  });
}

/**
 * The candidates of a full pass, most of the org: each is checked against the store's addresses
 * in memory first (`StoredAddresses`, gathered again by a resumed run), and in the store's
 * `orgEmail` index only when the store may hold its address.
 */
async function readCandidates(state: RunState, { plans, orgKinds }: Kinds): Promise<void> {
  const kinds = [...plans.keys()];
  const addresses = await StoredAddresses.gather(state.deps.db, state.deps.orgId);
  await importKinds(
    state,
    kinds.map((kind) => ({ kind, fields: plans.get(kind) ?? [], orgKinds, withAddress: true })),
    addresses,
  );
}

/**
 * A time after every stamp the store holds so far: the clock's next tick. A record the run
 * imported in the same millisecond as the phase began would otherwise count as new to the next
 * run, which would look its address up again. Bounded, should a clock stand still.
 */
async function nextTick(now: () => number): Promise<number> {
  const stamped = now();
  // On the real clock, whatever clock the run was given: one may stand still.
  const deadline = Date.now() + TICK_WAIT_MS;
  while (now() <= stamped && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return now();
}

/** The longest `nextTick` waits (a clock of whole seconds ticks within it). */
const TICK_WAIT_MS = 1_100;

/**
 * From when an address is new: the last run's same-email phase covered what the store held when
 * it began; without one (an earlier release's run), the incremental read's own start.
 */
function addressesSince(state: RunState, sync: SyncStateRecord | undefined): number {
  return sync?.addressesFrom ?? Date.parse(state.run.readFrom ?? '');
}

/** Batches of new addresses in store order, each looked up and then checkpointed. */
async function lookUpNewAddresses(state: RunState, kinds: Kinds, since: number): Promise<void> {
  let afterId = state.run.checkpoint.afterId;
  for (;;) {
    const batch = await newAddresses(state, since, afterId);
    if (batch.addresses.length > 0) await readAddresses(state, kinds, batch.addresses);
    afterId = batch.lastId;
    await state.save({ checkpoint: { kindIndex: 0, afterId } });
    if (batch.done) return;
  }
}

/** An address this run looks up: live, not blank, and new to the store since `since`. */
function isNewAddress(record: UnsubscribeRecord, since: number): boolean {
  return (
    record.status !== 'undone' &&
    record.emailKey !== undefined &&
    (record.addressSince ?? record.createdAt) >= since &&
    // The record was opted out for an address another record holds: that one is looked up.
    !isSameEmailImport(record)
  );
}

/** The next batch of new addresses from the store, read after `afterId`, chunk by chunk. */
async function newAddresses(
  state: RunState,
  since: number,
  from: string | null,
): Promise<{ addresses: string[]; lastId: string | null; done: boolean }> {
  const { db, orgId } = state.deps;
  const emails: string[] = [];
  let lastId = from;
  for (;;) {
    const chunk = await unsubscribesAfter(db, orgId, lastId, SCAN_CHUNK);
    for (const record of chunk) if (isNewAddress(record, since)) emails.push(record.email ?? '');
    lastId = chunk.at(-1)?.recordId ?? lastId;
    const addresses = lookupAddresses(emails);
    const done = chunk.length < SCAN_CHUNK;
    if (done || addresses.length >= ADDRESS_BATCH) return { addresses, lastId, done };
  }
}

/**
 * Every record of every synced kind with one of these addresses, batch by batch into the store:
 * every kind's queries of the batch of addresses together, five to a Composite request (one API
 * call), each followed to `done`.
 */
async function readAddresses(
  state: RunState,
  { plans, orgKinds }: Kinds,
  addresses: readonly string[],
): Promise<void> {
  const lookups: StoreRead[] = [];
  for (const scope of sameEmailScopes(orgKinds)) {
    const fields = plans.get(scope.kind);
    if (!fields) continue;
    for (const soql of sameEmailSoql({ scope, fields, addresses }))
      lookups.push({ kind: scope.kind, fields, soql });
  }
  await readIntoStore(state, lookups);
}
