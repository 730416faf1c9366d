import type { AuditEntry } from '../lib/db/schema';
import type { FieldFix } from '../lib/field-check-view';
import type { UnsubscribeListItem } from '../lib/options-messages';
import type { FieldChoice } from '../lib/settings';
import type { StateFilter } from '../lib/unsubscribe-filter';
import { failureText } from '../ui/failure-text';
import { t } from '../ui/i18n';
import { kindOfObject, PERSON_KIND, type PersonKind, type PersonObject } from '../lib/person-kinds';

/** The options page's words for the values it shows, each through a lookup of message keys. */

const STATE_KEY: Readonly<Record<UnsubscribeListItem['status'], string>> = {
  confirmed: 'optStateConfirmed',
  pending: 'optStateWaiting',
  failed: 'optStateFailed',
  undone: 'optStateUndone',
};

const SOURCE_KEY: Readonly<Record<UnsubscribeListItem['source'], string>> = {
  click: 'optSourceClick',
  salesforce: 'optSourceSalesforce',
};

const FILTER_KEY: Readonly<Record<StateFilter, string>> = {
  all: 'optFilterAll',
  confirmed: 'optFilterConfirmed',
  waiting: 'optFilterWaiting',
  failed: 'optFilterFailed',
};

const HISTORY_KEY: Readonly<Record<AuditEntry['action'], string>> = {
  unsubscribed: 'optHistoryUnsubscribed',
  confirmed: 'optHistoryConfirmed',
  failed: 'optHistoryFailed',
  retried: 'optHistoryRetried',
  undone: 'optHistoryUndone',
  imported: 'optHistoryImported',
  moved: 'optHistoryMoved',
};

const CHOICE_KEY: Readonly<Record<FieldChoice['kind'], string>> = {
  'email-opt-out': 'optChoiceEmail',
  marketo: 'optChoiceMarketo',
  both: 'optChoiceBoth',
  other: 'optChoiceOther',
};

const FIX_KEY: Readonly<Record<FieldFix, string>> = {
  'install-marketo': 'optFixInstallMarketo',
  'create-field': 'optFixCreateField',
  'edit-access': 'optFixEditAccess',
  'choose-checkbox': 'optFixCheckbox',
};

export const kindText = (kind: PersonKind): string => t(PERSON_KIND[kind].labelKey);
export const objectText = (object: PersonObject): string => kindText(kindOfObject(object));
export const stateText = (status: UnsubscribeListItem['status']): string => t(STATE_KEY[status]);
export const sourceText = (source: UnsubscribeListItem['source']): string => t(SOURCE_KEY[source]);
export const filterText = (filter: StateFilter): string => t(FILTER_KEY[filter]);
/** What a history entry did; the nightly run's same-email import is told apart from an import. */
export const historyText = (entry: AuditEntry): string =>
  t(
    entry.action === 'imported' && entry.coveredBy
      ? 'optHistoryImportedSameEmail'
      : HISTORY_KEY[entry.action],
  );

/**
 * A history entry's detail: where the unsubscribe moved, or why it happened when it was a click
 * on another record, else as stored.
 */
export function historyDetailText(entry: AuditEntry): string {
  const to = entry.movedTo;
  if (to?.reason === 'merged') return t('optHistoryMerged', [objectText(to.object), to.recordId]);
  if (to?.reason === 'person-account') return t('optHistoryPersonAccount', [to.recordId]);
  if (to) return t('optHistoryConverted', [to.recordId]);
  const by = entry.coveredBy;
  if (!by) return entry.detail ?? '';
  // The nightly run imports a record for the address it shares; a click covers it directly.
  if (entry.action === 'imported')
    return t('optHistorySameEmailNightly', [objectText(by.object), by.name]);
  return t('optHistorySameEmail', [objectText(by.object), by.name, entry.who]);
}
export const choiceText = (kind: FieldChoice['kind']): string => t(CHOICE_KEY[kind]);
export const fixText = (fix: FieldFix): string => t(FIX_KEY[fix]);

/** Why an unsubscribe waits or failed, in plain words; '' when nothing went wrong. */
export function reasonText(item: UnsubscribeListItem): string {
  if (item.status !== 'pending' && item.status !== 'failed') return '';
  return item.lastError ? failureText(item.lastError) : '';
}

/** A time that says its zone: "Dec 2, 2026, 4:22 AM UTC". */
const dateTime = new Intl.DateTimeFormat(undefined, {
  // Fields, not dateStyle/timeStyle: those two cannot be combined with timeZoneName.
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});
/** The schedule's own zone (`nightly-schedule.ts`): the run is "about 20:00 Pacific". */
const PACIFIC = 'America/Los_Angeles';
const pacificDateTime = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'full',
  timeStyle: 'short',
  timeZone: PACIFIC,
});
const localWeekdayTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  hour: 'numeric',
  minute: '2-digit',
});
const localZone = localWeekdayTime.resolvedOptions().timeZone;
/** The same wall clock in both zones at that moment: the user is on Pacific time. */
const onPacificTime = (at: Date): boolean =>
  new Intl.DateTimeFormat('en-US', {
    timeZone: PACIFIC,
    timeStyle: 'short',
    dateStyle: 'short',
  }).format(at) ===
  new Intl.DateTimeFormat('en-US', {
    timeZone: localZone,
    timeStyle: 'short',
    dateStyle: 'short',
  }).format(at);

/** A moment in the user's own time zone and language, with the zone named. */
export const whenText = (at: number | Date): string => dateTime.format(at);
/**
 * The next nightly run as the user reads it, in the schedule's zone and their own:
 * "Wednesday, December 2, 2026 at 8:22 PM Pacific time (Thursday 4:22 AM your time)"; only the
 * Pacific part for a user on Pacific time.
 */
export function scheduleWhenText(at: Date): string {
  const pacific = pacificDateTime.format(at);
  return onPacificTime(at)
    ? t('optPacificTime', [pacific])
    : t('optPacificAndLocal', [pacific, localWeekdayTime.format(at)]);
}

/** "Email Opt Out and Marketo Sales Opt Out", in the user's language. */
export function listText(items: readonly string[]): string {
  return new Intl.ListFormat(undefined, { style: 'long', type: 'conjunction' }).format(items);
}
