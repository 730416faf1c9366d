import { toApiValue, type ApiValue } from '../data/field-values';
import type { Org, RecordLocation } from '../data/org';
import { OBJECT_NAMES, type FieldDef, type ObjectName, type Slot } from '../data/schema';

/** What a record page shows, independent of Lightning or Classic markup. */
export interface RecordView {
  readonly id: string;
  readonly object: ObjectName;
  /** "Contact", "Lead", "Account" or "Person Account". */
  readonly objectLabel: string;
  readonly name: string;
  readonly email: string | null;
  readonly highlights: readonly ViewField[];
  readonly details: readonly ViewField[];
}

export interface ViewField {
  readonly name: string;
  readonly label: string;
  readonly type: FieldDef['type'];
  readonly value: ApiValue;
}

export interface RecentLink {
  readonly id: string;
  readonly object: ObjectName;
  /** "Contact", "Lead", "Account" or "Person Account", which picks the icon. */
  readonly objectLabel: string;
  readonly name: string;
}

const HIGHLIGHT_SLOTS: readonly Slot[] = ['Email', 'EmailOptOut', 'MarketoOptOut'];
const HIDDEN_SLOTS: ReadonlySet<Slot> = new Set([
  'Id',
  'IsDeleted',
  'SystemModstamp',
  'FirstName',
  'LastName',
  'IsPersonAccount',
  // Lookups: the pages show no related records.
  'AccountId',
  'PersonContactId',
  'MasterRecordId',
  'LastModifiedById',
  'ConvertedContactId',
  'ConvertedAccountId',
  'ConvertedDate',
]);

export function recordView(org: Org, location: RecordLocation): RecordView {
  const { object, table, row } = location;
  const fields = org.schema(object).fields;
  const view = (field: FieldDef): ViewField => ({
    name: field.name,
    label: field.label,
    type: field.type,
    value: toApiValue(field, table.get(row, field.slot)),
  });
  const person = table.isPersonAccount(row);
  const email = table.get(row, 'Email');
  const showable = (field: FieldDef) => object !== 'Account' || person || !isPersonOnly(field.slot);
  return {
    id: location.id,
    object,
    objectLabel: person ? 'Person Account' : org.schema(object).info.label,
    name: String(table.get(row, 'Name') ?? ''),
    email: typeof email === 'string' ? email : null,
    highlights: HIGHLIGHT_SLOTS.flatMap((slot) => {
      const field = fields.find((f) => f.slot === slot);
      return field && showable(field) ? [view(field)] : [];
    }),
    details: fields.filter((f) => !HIDDEN_SLOTS.has(f.slot) && showable(f)).map(view),
  };
}

function isPersonOnly(slot: Slot): boolean {
  return slot === 'Email' || slot === 'EmailOptOut' || slot === 'MarketoOptOut';
}

/** A short "Recent records" list: the demo people first, then the first rows of each object. */
export function recentLinks(org: Org, perObject = 4): RecentLink[] {
  const links: RecentLink[] = [];
  const seen = new Set<string>();
  const add = (location: RecordLocation | null) => {
    if (!location || seen.has(location.id) || location.table.isDeleted(location.row)) return;
    seen.add(location.id);
    const { object, table, row } = location;
    links.push({
      id: location.id,
      object,
      objectLabel: table.isPersonAccount(row) ? 'Person Account' : object,
      name: String(table.get(row, 'Name') ?? location.id),
    });
  };
  for (const id of Object.values(org.samples)) if (id) add(org.locate(id));
  for (const object of OBJECT_NAMES) {
    const table = org.tables[object];
    for (let row = 0; row < Math.min(perObject, table.size); row++) {
      add({ object, table, row, id: table.ids.idOf(row) });
    }
  }
  return links;
}

/** The first live records of an object, for list views. */
export function listRecords(org: Org, object: ObjectName, limit: number): RecordView[] {
  const table = org.tables[object];
  const views: RecordView[] = [];
  for (let row = 0; row < table.size && views.length < limit; row++) {
    if (!table.isDeleted(row))
      views.push(recordView(org, { object, table, row, id: table.ids.idOf(row) }));
  }
  return views;
}
