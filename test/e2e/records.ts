import type { BrowserContext, Page } from 'playwright-core';
import type { Emulator, ObjectName, OrgRecord } from '../emulator/index';
import { waitForCard, type CardState } from './org-pages';

/** The person records the card is for. */
export type PersonKind = 'Contact' | 'Lead' | 'PersonAccount';

/**
 * What Salesforce holds for a record handed out: `as-seeded`, whatever the seed gave it;
 * `subscribed`, its opt-out field is unchecked; `opted-out`, checked (the factory checks it).
 */
export type OptOutState = 'as-seeded' | 'subscribed' | 'opted-out';

export interface OpenOptions {
  /** Lightning (default) or Classic. */
  readonly ui?: 'lightning' | 'classic';
  /** How far the card must have got before the page is handed back (default `read`). */
  readonly until?: CardState;
}

interface KindInOrg {
  readonly object: ObjectName;
  /** What makes a row of the object a record of this kind. */
  readonly where?: string;
  readonly optOutField: string;
}

const KINDS: Readonly<Record<PersonKind, KindInOrg>> = {
  // A person contact refuses direct updates (it changes through its Person Account), and the
  // PersonAccount kind already hands out that person: Contact means a Contact of its own.
  Contact: {
    object: 'Contact',
    where: 'IsPersonAccount = false',
    optOutField: 'HasOptedOutOfEmail',
  },
  // A converted Lead refuses updates (CANNOT_UPDATE_CONVERTED_LEAD): no test wants one by chance.
  Lead: { object: 'Lead', where: 'IsConverted = false', optOutField: 'HasOptedOutOfEmail' },
  PersonAccount: {
    object: 'Account',
    where: 'IsPersonAccount = true',
    optOutField: 'PersonHasOptedOutOfEmail',
  },
};

/**
 * Records for one test file's org, each handed out once, so that every test has records of its
 * own and the order of tests is free. The emulator's org is seeded and cannot grow, so a record
 * is "made" by taking one no one has had and giving it the state asked for.
 */
export class RecordPool {
  private readonly taken = new Set<string>();

  constructor(protected readonly emu: Emulator) {}

  /** A record of this kind that no earlier call handed out, in the opt-out state asked for. */
  take(kind: PersonKind, state: OptOutState = 'as-seeded'): OrgRecord {
    const { object, where, optOutField } = KINDS[kind];
    const conditions = [where, state === 'as-seeded' ? undefined : `${optOutField} = false`];
    const candidates = this.emu.org.list(object, {
      where: conditions.filter(Boolean).join(' AND ') || undefined,
      // Enough rows that at least one was not handed out yet.
      limit: this.taken.size + 1,
    });
    const record = candidates.find((r) => !this.taken.has(r.id));
    if (!record) throw new Error(`the emulated org has no ${state} ${kind} left`);
    this.taken.add(record.id);
    if (state !== 'opted-out') return record;
    this.emu.org.set(record.id, { [optOutField]: true });
    return this.emu.org.get(record.id) ?? record;
  }

  /** A record's page in Lightning or Classic. */
  pageUrl(id: string, ui: 'lightning' | 'classic' = 'lightning'): string {
    // Classic links name a record by its 15-character Id; the card must still find it.
    return ui === 'classic'
      ? `https://${this.emu.myDomainHost}/${id.slice(0, 15)}`
      : this.emu.recordUrl(id);
  }
}

/** The record pool of a Chromium test file, which also opens a record's page. */
export class RecordFactory extends RecordPool {
  constructor(
    emu: Emulator,
    /** The browser to open pages in; a function, because a restart brings another one. */
    private readonly context: () => BrowserContext,
  ) {
    super(emu);
  }

  /** Opens a record's page in a new tab and waits for the card to get as far as `until`. */
  async open(id: string, { ui = 'lightning', until = 'read' }: OpenOptions = {}): Promise<Page> {
    const page = await this.context().newPage();
    await page.goto(this.pageUrl(id, ui));
    await waitForCard(page, until);
    return page;
  }
}
