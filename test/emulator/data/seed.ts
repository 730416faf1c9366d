import { createRandom, type Random } from '../random';
import { COMPANIES, CONVERTED_STATUS_INDEX, FIRST_NAMES, LAST_NAMES } from './name-pools';
import { FLAG_BITS, PersonTable, toSecond } from './person-table';
import { createIdCodec, formatId, podChars } from './record-ids';
import type { ObjectName } from './schema';

export interface SeedOptions {
  readonly seed: number;
  readonly contacts: number;
  readonly leads: number;
  readonly personAccounts: number;
  readonly businessAccounts: number;
  readonly optedOutRate: number;
  /** The end of the seeded history: every seeded timestamp lies before it. */
  readonly anchor: number;
}

/** Recognizable people for a demo; absent when the org has too few rows of that kind. */
export interface SampleRecords {
  readonly contact?: string;
  readonly optedOutContact?: string;
  readonly lead?: string;
  readonly personAccount?: string;
  readonly businessAccount?: string;
}

export interface SeededOrg {
  readonly orgId: string;
  readonly userId: string;
  readonly tables: Readonly<Record<ObjectName, PersonTable>>;
  readonly samples: SampleRecords;
}

const DO_NOT_CALL_RATE = 0.05;
const CONVERTED_LEAD_RATE = 0.04;
const AUTOMATED_TOUCH_RATE = 0.1;
const DAY_MS = 86_400_000;
/** Rows 0 and 1 of each object may be demo people: never converted, set explicitly. */
const SAMPLE_ROWS = 2;

const KEY_PREFIX: Readonly<Record<ObjectName, string>> = {
  Contact: '003',
  Lead: '00Q',
  Account: '001',
};

export function seedOrg(options: SeedOptions): SeededOrg {
  const random = createRandom(options.seed);
  const pod = podChars((n) => random.int(n));
  // Counters start somewhere in the six-digit base-62 range, like a long-lived org's Ids.
  const counterStart = () => 62 ** 5 + random.int(62 ** 5 * 30);
  const orgId = formatId('00D', pod, counterStart());
  const userId = formatId('005', pod, counterStart());
  const accounts = options.businessAccounts + options.personAccounts;
  const table = (object: ObjectName, size: number) =>
    new PersonTable(
      object,
      size,
      createIdCodec(KEY_PREFIX[object], pod, counterStart(), size),
      userId,
      options.anchor,
    );
  const tables = {
    Contact: table('Contact', options.contacts),
    Lead: table('Lead', options.leads),
    Account: table('Account', accounts),
  };
  for (const t of Object.values(tables)) fillRows(t, random, options);
  markPersonAccounts(tables.Account, options.businessAccounts);
  convertSomeLeads(tables.Lead, random);
  return { orgId, userId, tables, samples: placeSamples(tables, options.businessAccounts) };
}

function fillRows(table: PersonTable, random: Random, options: SeedOptions): void {
  const { optedOutRate, anchor } = options;
  for (let row = 0; row < table.size; row++) {
    table.firstName[row] = random.int(FIRST_NAMES.length);
    table.lastName[row] = random.int(LAST_NAMES.length);
    table.company[row] = random.int(COMPANIES.length);
    table.status[row] = random.int(CONVERTED_STATUS_INDEX);
    table.flags[row] =
      (random.next() < optedOutRate ? FLAG_BITS.EmailOptOut : 0) |
      (random.next() < optedOutRate ? FLAG_BITS.MarketoOptOut : 0) |
      (random.next() < DO_NOT_CALL_RATE ? FLAG_BITS.DoNotCall : 0);
    const created = table.createdAt(row);
    const modified = toSecond(created + random.next() * (anchor - created));
    table.lastModified[row] = modified;
    // Automated processes move SystemModstamp without LastModifiedDate.
    table.systemModstamp[row] =
      random.next() < AUTOMATED_TOUCH_RATE
        ? toSecond(Math.min(anchor, modified + random.next() * 3 * DAY_MS))
        : modified;
  }
}

function markPersonAccounts(accounts: PersonTable, businessAccounts: number): void {
  for (let row = businessAccounts; row < accounts.size; row++) {
    accounts.set(row, 'IsPersonAccount', true);
  }
}

function convertSomeLeads(leads: PersonTable, random: Random): void {
  for (let row = SAMPLE_ROWS; row < leads.size; row++) {
    if (random.next() < CONVERTED_LEAD_RATE) {
      leads.set(row, 'IsConverted', true);
      leads.status[row] = CONVERTED_STATUS_INDEX;
    }
  }
}

interface Person {
  readonly first: string;
  readonly last: string;
  readonly optedOut: boolean;
}

function placePerson(table: PersonTable, row: number, person: Person): string | undefined {
  if (row >= table.size) return undefined;
  table.set(row, 'FirstName', person.first);
  table.set(row, 'LastName', person.last);
  table.set(row, 'Email', `${person.first}.${person.last}@example.com`.toLowerCase());
  table.set(row, 'EmailOptOut', person.optedOut);
  table.set(row, 'MarketoOptOut', false);
  return table.ids.idOf(row);
}

function placeSamples(
  tables: Readonly<Record<ObjectName, PersonTable>>,
  businessAccounts: number,
): SampleRecords {
  const lead = placePerson(tables.Lead, 0, { first: 'Alan', last: 'Turing', optedOut: false });
  if (lead) {
    tables.Lead.set(0, 'Company', 'Bletchley Analytics');
    tables.Lead.status[0] = 0;
  }
  placePerson(tables.Lead, 1, { first: 'Katherine', last: 'Johnson', optedOut: false });
  let businessAccount: string | undefined;
  if (businessAccounts > 0) {
    tables.Account.set(0, 'Name', 'Acme Corporation');
    businessAccount = tables.Account.ids.idOf(0);
  }
  return {
    contact: placePerson(tables.Contact, 0, { first: 'Ada', last: 'Lovelace', optedOut: false }),
    optedOutContact: placePerson(tables.Contact, 1, {
      first: 'Grace',
      last: 'Hopper',
      optedOut: true,
    }),
    lead,
    personAccount: placePerson(tables.Account, businessAccounts, {
      first: 'Marie',
      last: 'Curie',
      optedOut: false,
    }),
    businessAccount,
  };
}
