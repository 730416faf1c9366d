import { useEffect, useState } from 'preact/hooks';
import { isValidSettings, withMarketoApiName } from '../lib/settings-edit';
import { t } from '../ui/i18n';
import { LockableLegend } from './lock-note';
import { kindText } from './words';
import { PERSON_KINDS, type PersonKind } from '../lib/person-kinds';
import type { SettingProps } from './setting-props';

/** R8: one object's override of the Marketo Sales Opt Out API name, saved when the text is done. */
function OverrideInput({ kind, settings, locked, save }: SettingProps & { kind: PersonKind }) {
  const stored = settings.marketoApiName[kind] ?? '';
  const [text, setText] = useState(stored);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => setText(stored), [stored]);
  const id = `marketo-${kind}`;

  const commit = () => {
    if (text.trim() === stored) return setInvalid(false);
    const next = withMarketoApiName(settings, kind, text);
    if (!isValidSettings(next)) return setInvalid(true);
    setInvalid(false);
    save(next);
  };

  return (
    <div class="form-row inline">
      <label for={id}>{kindText(kind)}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellcheck={false}
        placeholder={t('optMarketoPlaceholder')}
        value={text}
        disabled={locked}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={commit}
      />
      {invalid ? (
        <p class="error field-error" id={`${id}-error`}>
          {t('optMarketoInvalid')}
        </p>
      ) : null}
    </div>
  );
}

/** The Marketo Sales Opt Out API name per object; empty means "find it by its label". */
export function MarketoOverrides({ settings, locked, save }: SettingProps) {
  return (
    <fieldset class="overrides">
      <LockableLegend text={t('optMarketoLegend')} locked={locked} />
      {PERSON_KINDS.map((kind) => (
        <OverrideInput key={kind} kind={kind} settings={settings} locked={locked} save={save} />
      ))}
    </fieldset>
  );
}
