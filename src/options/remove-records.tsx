import { fieldLabels } from '../lib/field-check-view';
import type { ObjectFieldCheck, PersonRecordView } from '../lib/options-messages';
import { t } from '../ui/i18n';
import { listText, objectText, stateText } from './words';

/**
 * The person's records in the Remove dialog, each with the fields to uncheck on it in Salesforce
 * (R6), and a checkbox when there are several to choose from.
 */
export function RemoveRecords({
  records,
  checks,
  selected,
  onToggle,
}: {
  records: readonly PersonRecordView[];
  checks: readonly ObjectFieldCheck[] | null;
  /** The records chosen for removal; null when there is nothing to choose (one record). */
  selected: ReadonlySet<string> | null;
  onToggle: (recordId: string) => void;
}) {
  return (
    <ul class="remove-records" data-testid="remove-records">
      {records.map((record) => {
        const id = record.recordId;
        const fields = listText(fieldLabels(record.object, record.fieldsToUncheck, checks));
        return (
          <li key={id} data-testid="remove-record" data-record-id={id}>
            {selected ? (
              <input
                type="checkbox"
                checked={selected.has(id)}
                onChange={() => onToggle(id)}
                aria-labelledby={`remove-kind-${id} remove-name-${id}`}
                aria-describedby={`remove-fields-${id}`}
              />
            ) : null}
            <span id={`remove-kind-${id}`}>{objectText(record.object)}</span>{' '}
            <a
              id={`remove-name-${id}`}
              href={record.recordUrl}
              target="_blank"
              rel="noopener noreferrer"
            >
              {record.name}
            </a>{' '}
            <span class={`badge status-${record.status}`}>{stateText(record.status)}</span>
            <span class="uncheck" id={`remove-fields-${id}`} data-testid="remove-fields">
              {t('optUncheckInSalesforce', fields)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
