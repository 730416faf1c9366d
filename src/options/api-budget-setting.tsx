import { useEffect, useState } from 'preact/hooks';
import { isApiFloorPercent } from '../lib/reconcile/api-budget';
import { t } from '../ui/i18n';
import { LockNote } from './lock-note';
import type { SettingProps } from './setting-props';

/**
 * The API budget (issue 12): the share of the org's daily API allowance the nightly run leaves
 * for other work (`apiFloorPercent`), lockable by the administrator's policy.
 */
export function ApiBudgetSetting({ settings, locked, save }: SettingProps) {
  const stored = String(settings.apiFloorPercent);
  const [text, setText] = useState(stored);
  useEffect(() => setText(stored), [stored]);
  const id = 'api-floor';
  const value = Number(text.trim());
  const valid = text.trim() !== '' && isApiFloorPercent(value);

  const commit = () => {
    if (valid && value !== settings.apiFloorPercent) save({ ...settings, apiFloorPercent: value });
  };

  return (
    <div class="api-budget">
      <div class="form-row inline">
        <label for={id}>{t('optApiFloorLabel')}</label>
        <input
          id={id}
          type="number"
          min={0}
          max={90}
          step={1}
          inputMode="numeric"
          value={text}
          disabled={locked}
          aria-invalid={!valid}
          aria-describedby={locked ? `${id}-does ${id}-lock` : `${id}-does`}
          onInput={(e) => setText(e.currentTarget.value)}
          onChange={commit}
        />
        <span>{t('optApiFloorUnit')}</span>
        {locked ? <LockNote id={`${id}-lock`} /> : null}
      </div>
      <p id={`${id}-does`}>{t('optApiFloorDoes')}</p>
    </div>
  );
}
