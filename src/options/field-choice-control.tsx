import { useState } from 'preact/hooks';
import type { ChoiceScope } from '../lib/settings-edit';
import type { FieldChoice } from '../lib/settings';
import { t } from '../ui/i18n';
import { LockableLegend } from './lock-note';
import { choiceText } from './words';

const KINDS: readonly FieldChoice['kind'][] = ['email-opt-out', 'marketo', 'both', 'other'];

/**
 * R7: which opt-out field(s) an unsubscribe sets, for every object or, as an exception, for one.
 * For one object, "Same as for every object" (`null`) drops the exception.
 * "Another checkbox field" is saved once a field is picked from the list.
 */
export function FieldChoiceControl({
  scope,
  legend,
  value,
  checkboxes,
  locked,
  onChange,
}: {
  scope: ChoiceScope;
  legend: string;
  /** null: no exception for this object. */
  value: FieldChoice | null;
  checkboxes: readonly { name: string; label: string }[];
  locked: boolean;
  onChange: (choice: FieldChoice | null) => void;
}) {
  const [pickingOther, setPickingOther] = useState(false);
  const shown = pickingOther ? 'other' : (value?.kind ?? 'same');
  const id = (kind: string) => `choice-${scope}-${kind}`;
  const otherField = value?.kind === 'other' ? value.field : '';
  const options =
    otherField && !checkboxes.some((box) => box.name === otherField)
      ? [{ name: otherField, label: otherField }, ...checkboxes]
      : checkboxes;

  const pick = (kind: FieldChoice['kind'] | 'same') => {
    if (kind === 'other') {
      if (value?.kind !== 'other') setPickingOther(true);
      return;
    }
    setPickingOther(false);
    onChange(kind === 'same' ? null : ({ kind } as FieldChoice));
  };

  return (
    <fieldset class="choice" disabled={locked} data-scope={scope}>
      <LockableLegend text={legend} locked={locked} />
      {scope !== 'all' ? (
        <div class="radio-row">
          <input
            type="radio"
            name={`choice-${scope}`}
            id={id('same')}
            checked={shown === 'same'}
            onChange={() => pick('same')}
          />
          <label for={id('same')}>{t('optChoiceSame')}</label>
        </div>
      ) : null}
      {KINDS.map((kind) => (
        <div class="radio-row" key={kind}>
          <input
            type="radio"
            name={`choice-${scope}`}
            id={id(kind)}
            checked={shown === kind}
            onChange={() => pick(kind)}
          />
          <label for={id(kind)}>{choiceText(kind)}</label>
        </div>
      ))}
      {shown === 'other' ? (
        <div class="form-row nested">
          <label for={id('field')}>{t('optOtherFieldLabel')}</label>
          <select
            id={id('field')}
            value={otherField}
            onChange={(e) => {
              const field = e.currentTarget.value;
              if (!field) return;
              setPickingOther(false);
              onChange({ kind: 'other', field });
            }}
          >
            <option value="" disabled>
              {options.length > 0 ? t('optOtherFieldPick') : t('optOtherFieldLoading')}
            </option>
            {options.map((box) => (
              <option key={box.name} value={box.name}>
                {box.label} ({box.name})
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </fieldset>
  );
}
