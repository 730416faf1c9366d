import type { Database } from '../src/lib/db/open';
import type { Emulator } from '../test/emulator/index';

/**
 * SPEC R5 after a run, checked behind the API's back: every record Salesforce has opted out is
 * in the store, and every stored unsubscribe is set in Salesforce. Returns what is wrong, or
 * 'ok'. Not part of any measured time.
 */

const OPT_OUT = {
  Contact: { field: 'HasOptedOutOfEmail', where: 'HasOptedOutOfEmail = true' },
  // A converted Lead cannot be updated, so the reconcile leaves it out; so does R5's check.
  Lead: { field: 'HasOptedOutOfEmail', where: 'HasOptedOutOfEmail = true AND IsConverted = false' },
  Account: {
    field: 'PersonHasOptedOutOfEmail',
    where: 'PersonHasOptedOutOfEmail = true AND IsPersonAccount = true',
  },
} as const;

export async function bothSidesHold(emu: Emulator, db: Database): Promise<string> {
  const stored = await db.getAll('unsubscribes');
  const storedIds = new Set(stored.map((r) => r.recordId));
  let notStored = 0;
  for (const [object, { where }] of Object.entries(OPT_OUT)) {
    for (const record of emu.org.list(object as keyof typeof OPT_OUT, { where }))
      if (!storedIds.has(record.id)) notStored += 1;
  }
  let notInSalesforce = 0;
  for (const record of stored) {
    if (record.status === 'undone' || record.status === 'failed') continue;
    const field = OPT_OUT[record.object].field;
    if (emu.org.get(record.recordId)?.fields[field] !== true) notInSalesforce += 1;
  }
  const problems = [
    ...(notStored > 0 ? [`${notStored} opt-outs not stored`] : []),
    ...(notInSalesforce > 0 ? [`${notInSalesforce} unsubscribes not in Salesforce`] : []),
  ];
  return problems.length === 0 ? 'ok' : problems.join('; ');
}
