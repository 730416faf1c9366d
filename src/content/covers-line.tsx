import { coverSuffix } from '../lib/covers-view';
import type { UnsubscribeStatus } from '../lib/db/schema';
import type { CoveredStatus, CoveredView } from '../lib/messages';
import { kindOfObject, PERSON_KIND } from '../lib/person-kinds';
import { t } from '../ui/i18n';

/** How many records the card names before "and N more": the card is 280 px wide. */
export const COVERS_SHOWN = 3;

const STATUS_KEY: Readonly<Record<UnsubscribeStatus, string>> = {
  pending: 'coverStatePending',
  confirmed: 'coverStateConfirmed',
  failed: 'coverStateFailed',
  undone: 'coverStateUndone',
};

function Covered({ record }: { record: CoveredView | CoveredStatus }) {
  const kind = t(PERSON_KIND[kindOfObject(record.object)].labelKey);
  const state = 'status' in record ? t(STATUS_KEY[record.status]) : null;
  return (
    <>
      <a
        href={record.url}
        target="_blank"
        rel="noopener noreferrer"
        data-record-id={record.recordId}
      >
        {kind} {record.name}
      </a>
      {coverSuffix(record.place, state, t)}
    </>
  );
}

/**
 * Who else the click covers (the `sameEmail` setting): before the click, the records it will
 * change, each with where it belongs ("Also opts out: Lead Ada Lovelace, Contact Ada Lovelace
 * (Acme), …"); after it, the records it did, each with the
 * state of its own unsubscribe. At most `COVERS_SHOWN` names, then "and N more". Records with
 * the address that are opted out already need no write: before the click they are only counted.
 */
export function CoversLine({
  covers,
  alreadyOptedOut,
  covered,
}: {
  covers: readonly CoveredView[];
  alreadyOptedOut: number;
  covered: readonly CoveredStatus[];
}) {
  const records: readonly (CoveredView | CoveredStatus)[] = covered.length > 0 ? covered : covers;
  const counted =
    covered.length === 0 && alreadyOptedOut > 0 ? (
      <p class="covers" data-testid="covers-already">
        {t('coversAlreadyOptedOut', String(alreadyOptedOut))}
      </p>
    ) : null;
  if (records.length === 0) return counted;
  const shown = records.slice(0, COVERS_SHOWN);
  const more = records.length - shown.length;
  return (
    <>
      <p class="covers" data-testid="covers">
        {t(covered.length > 0 ? 'coversDone' : 'coversWill')}{' '}
        {shown.map((record, i) => (
          <span key={record.recordId}>
            {i > 0 ? ', ' : null}
            <Covered record={record} />
          </span>
        ))}
        {more > 0 ? ` ${t('coversMore', String(more))}` : null}
      </p>
      {counted}
    </>
  );
}
