import { createRandom, hashInt, type Random } from '../random';
import { COMPANIES, CONVERTED_STATUS_INDEX, FIRST_NAMES, LAST_NAMES } from './name-pools';
import { FLAG_BITS, MIXED_CASE_EMAIL, PersonTable, toSecond } from './person-table';
import { createIdCodec, formatId, podChars } from './record-ids';
import type { ObjectName, Slot } from './schema';

export interface SeedOptions {
  readonly seed: number;
  readonly contacts: number;
  readonly leads: number;
  readonly personAccounts: number;
  readonly businessAccounts: number;
  readonly optedOutRate: number;
  /** Give every Person Account its person contact, a Contact row that mirrors the Account. */
  readonly personContacts: boolean;
  /** The share of Leads and of Person Accounts that are a second record of someone's email. */
  readonly sameEmailRate: number;
  /**
   * Give every seeded person an address of their own (a person number in it), so records share
   * an address only as a person's second record. Off: the address is name + company, and
   * unrelated people collide (a few % at 10k records, most of them from 100k up).
   */
  readonly distinctEmails?: boolean;
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
  /** With same-email people on: a Lead with Ada Lovelace's address in other capitals. */
  readonly sameEmailLead?: string;
  /** With same-email people on: a Person Account with Alan Turing's (Lead) address. */
  readonly sameEmailPersonAccount?: string;
  /** With same-email people on: Grace Hopper's Lead, converted into her Contact. */
  readonly convertedLead?: string;
}

export interface SeededOrg {
  readonly orgId: string;
  /** The org's API user: every session is theirs, and theirs every seeded save. */
  readonly userId: string;
  /** Another user of the org, an administrator: the default author of a test's edit. */
  readonly adminUserId: string;
  readonly tables: Readonly<Record<ObjectName, PersonTable>>;
  readonly samples: SampleRecords;
}

const DO_NOT_CALL_RATE = 0.05;
const CONVERTED_LEAD_RATE = 0.04;
const AUTOMATED_TOUCH_RATE = 0.1;
const DAY_MS = 86_400_000;
/** Rows 0 and 1 of each object may be demo people: never converted, set explicitly. */
const SAMPLE_ROWS = 2;
/** Salts of the row hashes that link records across tables without storing the links. */
const SALT = {
  accountOf: 0xacc7,
  contactOf: 0xc0a7,
  twinLead: 0x7e1d,
  twinAccount: 0x7acc,
} as const;

/**
 * The person fields a person contact shares with its Person Account (API Developer Guide, "Person
 * Account Record Types"; Change Data Capture Developer Guide, "Updating a Person Account": the
 * two records' timestamps always match). `__pc` fields on the Account are the Contact's `__c`.
 */
const PERSON_CONTACT_SLOTS: ReadonlySet<Slot> = new Set<Slot>([
  'FirstName',
  'LastName',
  'Name',
  'Email',
  'EmailOptOut',
  'MarketoOptOut',
  'OwnerId',
  'CreatedDate',
  'LastModifiedById',
  'LastModifiedDate',
  'SystemModstamp',
  'IsDeleted',
]);

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
  const userCounter = counterStart();
  const userId = formatId('005', pod, userCounter);
  const adminUserId = formatId('005', pod, userCounter + 1);
  const accounts = options.businessAccounts + options.personAccounts;
  const personContacts = options.personContacts ? options.personAccounts : 0;
  const table = (object: ObjectName, size: number) =>
    new PersonTable(
      object,
      size,
      createIdCodec(KEY_PREFIX[object], pod, counterStart()),
      userId,
      options.anchor,
    );
  const tables = {
    Contact: table('Contact', options.contacts + personContacts),
    Lead: table('Lead', options.leads),
    Account: table('Account', accounts),
  };
  // Person contacts have no rows of their own to fill: they show their Account's.
  fillRows(tables.Contact, options.contacts, random, options);
  fillRows(tables.Lead, tables.Lead.size, random, options);
  fillRows(tables.Account, tables.Account.size, random, options);
  if (options.distinctEmails) numberPeople([tables.Contact, tables.Lead, tables.Account]);
  markPersonAccounts(tables.Account, options.businessAccounts);
  const links = new PeopleLinks(tables, options, personContacts);
  links.addPersonContacts();
  convertSomeLeads(tables.Lead, random, links);
  if (options.sameEmailRate > 0) links.addSameEmailPeople(options.sameEmailRate);
  return { orgId, userId, adminUserId, tables, samples: placeSamples(tables, options) };
}

function fillRows(table: PersonTable, rows: number, random: Random, options: SeedOptions): void {
  const { optedOutRate, anchor } = options;
  for (let row = 0; row < rows; row++) {
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

/** Person numbers 1, 2, … over the tables' own rows: drawn from no seed, so the org is the same. */
function numberPeople(tables: readonly PersonTable[]): void {
  let next = 1;
  for (const table of tables) for (let row = 0; row < table.size; row++) table.person[row] = next++;
}

function markPersonAccounts(accounts: PersonTable, businessAccounts: number): void {
  for (let row = businessAccounts; row < accounts.size; row++) {
    accounts.set(row, 'IsPersonAccount', true);
  }
}

function convertSomeLeads(leads: PersonTable, random: Random, links: PeopleLinks): void {
  for (let row = SAMPLE_ROWS; row < leads.size; row++) {
    if (random.next() < CONVERTED_LEAD_RATE) {
      leads.set(row, 'IsConverted', true);
      leads.status[row] = CONVERTED_STATUS_INDEX;
      links.becomeContactOf(row);
    }
  }
}

/** A fraction in [0, 1) from a row number, for per-row choices that draw nothing from the seed. */
function chance(row: number, salt: number): number {
  return hashInt(row, salt) / 2 ** 32;
}

function copyPerson(to: PersonTable, toRow: number, from: PersonTable, fromRow: number): void {
  to.firstName[toRow] = from.firstName[fromRow] ?? 0;
  to.lastName[toRow] = from.lastName[fromRow] ?? 0;
  to.company[toRow] = from.company[fromRow] ?? 0;
  to.person[toRow] = from.person[fromRow] ?? 0;
}

/**
 * The links between the tables, derived from row numbers so that a million rows need no link
 * columns: a Contact's account, a Person Account's person contact, a converted Lead's contact,
 * and the people who have a second record with the same email address.
 */
class PeopleLinks {
  private readonly contacts: PersonTable;
  private readonly leads: PersonTable;
  private readonly accounts: PersonTable;

  constructor(
    tables: Readonly<Record<ObjectName, PersonTable>>,
    private readonly options: SeedOptions,
    /** How many person contacts follow the seeded Contacts (0: the org shows none). */
    private readonly personContacts: number,
  ) {
    this.contacts = tables.Contact;
    this.leads = tables.Lead;
    this.accounts = tables.Account;
    const { businessAccounts } = options;
    this.contacts.derive('AccountId', (row) => {
      const personAccount = this.personAccountRowOf(row);
      if (personAccount !== null) return this.accounts.ids.idOf(personAccount);
      return businessAccounts > 0
        ? this.accounts.ids.idOf(hashInt(row, SALT.accountOf) % businessAccounts)
        : null;
    });
    const converted = (row: number) => this.leads.get(row, 'IsConverted') === true;
    const contactRow = (row: number) => (converted(row) ? this.contactRowOf(row) : null);
    this.leads.derive('ConvertedContactId', (row) => {
      const contact = contactRow(row);
      return contact === null ? null : this.contacts.ids.idOf(contact);
    });
    this.leads.derive('ConvertedAccountId', (row) => {
      const contact = contactRow(row);
      return contact === null ? null : this.contacts.get(contact, 'AccountId');
    });
    // A date without time (Object Reference, Lead: ConvertedDate): the day of the last save.
    this.leads.derive('ConvertedDate', (row) =>
      converted(row) ? Math.floor((this.leads.lastModified[row] ?? 0) / DAY_MS) * DAY_MS : null,
    );
  }

  /**
   * Every Person Account gets a person contact: `Account.PersonContactId` names it, it has
   * `IsPersonAccount = true` and `AccountId` = the Account (API Developer Guide, "Person Account
   * Record Types"), and it shows the Account's person fields rather than storing copies.
   */
  addPersonContacts(): void {
    const first = this.options.contacts;
    const count = this.personContacts;
    const { businessAccounts } = this.options;
    this.contacts.mirror({
      first,
      count,
      source: this.accounts,
      sourceFirst: businessAccounts,
      slots: PERSON_CONTACT_SLOTS,
    });
    for (let row = first; row < first + count; row++) {
      this.contacts.flags[row] = FLAG_BITS.IsPersonAccount;
    }
    this.accounts.derive('PersonContactId', (row) =>
      row >= businessAccounts && row < businessAccounts + count
        ? this.contacts.ids.idOf(first + row - businessAccounts)
        : null,
    );
  }

  /** A converted Lead and the Contact it became are one person: same name, same address. */
  becomeContactOf(leadRow: number): void {
    const contact = this.contactRowOf(leadRow);
    if (contact !== null) copyPerson(this.leads, leadRow, this.contacts, contact);
  }

  /**
   * Second records of the same person: a share of Leads repeat a Contact's address in other
   * capitals (Ada.Lovelace@… and ada.lovelace@…), a share of Person Accounts a Contact's or a
   * Lead's address. Sample rows are left alone.
   */
  addSameEmailPeople(rate: number): void {
    for (let row = SAMPLE_ROWS; row < this.leads.size; row++) {
      const contact = this.contactRowOf(row);
      if (contact === null || this.leads.get(row, 'IsConverted') === true) continue;
      if (chance(row, SALT.twinLead) >= rate) continue;
      copyPerson(this.leads, row, this.contacts, contact);
      this.leads.flags[row] = (this.leads.flags[row] ?? 0) | MIXED_CASE_EMAIL;
    }
    const { businessAccounts, contacts } = this.options;
    const leadRows = this.leads.size - SAMPLE_ROWS;
    for (let row = businessAccounts + SAMPLE_ROWS; row < this.accounts.size; row++) {
      const draw = chance(row, SALT.twinAccount);
      if (draw >= rate) continue;
      const hash = hashInt(row, SALT.contactOf);
      if (draw < rate / 2 && contacts > SAMPLE_ROWS) {
        copyPerson(
          this.accounts,
          row,
          this.contacts,
          SAMPLE_ROWS + (hash % (contacts - SAMPLE_ROWS)),
        );
      } else if (leadRows > 0) {
        copyPerson(this.accounts, row, this.leads, SAMPLE_ROWS + (hash % leadRows));
      }
    }
  }

  /** The Person Account row whose person contact this Contact row is, or null. */
  private personAccountRowOf(contactRow: number): number | null {
    const offset = contactRow - this.options.contacts;
    return offset >= 0 && offset < this.personContacts
      ? this.options.businessAccounts + offset
      : null;
  }

  /** The (non-sample, non-person) Contact a Lead row is linked to, or null if there is none. */
  private contactRowOf(leadRow: number): number | null {
    const candidates = this.options.contacts - SAMPLE_ROWS;
    return candidates > 0 ? SAMPLE_ROWS + (hashInt(leadRow, SALT.contactOf) % candidates) : null;
  }
}

interface Person {
  readonly first: string;
  readonly last: string;
  readonly optedOut: boolean;
}

/** `rows`: the table's own rows (a Contact table's person contacts follow them). */
function placePerson(
  table: PersonTable,
  row: number,
  person: Person,
  rows = table.size,
): string | undefined {
  if (row >= rows) return undefined;
  table.set(row, 'FirstName', person.first);
  table.set(row, 'LastName', person.last);
  table.set(row, 'Email', `${person.first}.${person.last}@example.com`.toLowerCase());
  table.set(row, 'EmailOptOut', person.optedOut);
  table.set(row, 'MarketoOptOut', false);
  return table.ids.idOf(row);
}

function placeSamples(
  tables: Readonly<Record<ObjectName, PersonTable>>,
  options: SeedOptions,
): SampleRecords {
  const { businessAccounts } = options;
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
  const contact = placePerson(
    tables.Contact,
    0,
    { first: 'Ada', last: 'Lovelace', optedOut: false },
    options.contacts,
  );
  const optedOutContact = placePerson(
    tables.Contact,
    1,
    { first: 'Grace', last: 'Hopper', optedOut: true },
    options.contacts,
  );
  return {
    contact,
    optedOutContact,
    lead,
    personAccount: placePerson(tables.Account, businessAccounts, {
      first: 'Marie',
      last: 'Curie',
      optedOut: false,
    }),
    businessAccount,
    ...(options.sameEmailRate > 0 && optedOutContact
      ? placeSameEmailSamples(tables, businessAccounts, optedOutContact)
      : {}),
  };
}

/** Named second records for a demo: the seeded ones are hard to find among random people. */
function placeSameEmailSamples(
  tables: Readonly<Record<ObjectName, PersonTable>>,
  businessAccounts: number,
  grace: string,
): SampleRecords {
  const { Lead: leads, Account: accounts, Contact: contacts } = tables;
  const sameEmailLead = placePerson(leads, 2, { first: 'Ada', last: 'Lovelace', optedOut: false });
  if (sameEmailLead) {
    leads.set(2, 'Email', 'Ada.Lovelace@Example.com');
    leads.set(2, 'IsConverted', false);
    leads.status[2] = 0;
  }
  const convertedLead = placePerson(leads, 3, { first: 'Grace', last: 'Hopper', optedOut: false });
  if (convertedLead) {
    leads.set(3, 'IsConverted', true);
    leads.status[3] = CONVERTED_STATUS_INDEX;
    leads.set(3, 'ConvertedContactId', grace);
    leads.set(3, 'ConvertedAccountId', contacts.get(1, 'AccountId'));
  }
  const sameEmailPersonAccount =
    businessAccounts + 1 < accounts.size
      ? placePerson(accounts, businessAccounts + 1, {
          first: 'Alan',
          last: 'Turing',
          optedOut: false,
        })
      : undefined;
  return { sameEmailLead, convertedLead, sameEmailPersonAccount };
}
