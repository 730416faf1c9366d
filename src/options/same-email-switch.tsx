import type { OrgSettings } from '../lib/settings';
import { t } from '../ui/i18n';
import { LockNote } from './lock-note';

/**
 * Whether an unsubscribe covers every Contact, Lead and Person Account with the person's email
 * address or only the record itself (`sameEmail`), lockable by the administrator's policy.
 */
export function SameEmailSwitch({
  settings,
  locked,
  save,
}: {
  settings: OrgSettings;
  locked: boolean;
  save: (settings: OrgSettings) => void;
}) {
  return (
    <>
      <div class="switch-row">
        <input
          type="checkbox"
          role="switch"
          id="same-email-switch"
          class="switch"
          checked={settings.sameEmail}
          disabled={locked}
          aria-describedby={locked ? 'same-email-does same-email-lock' : 'same-email-does'}
          onChange={(e) => save({ ...settings, sameEmail: e.currentTarget.checked })}
        />
        <label for="same-email-switch">{t('optSameEmailSwitch')}</label>
        {locked ? <LockNote id="same-email-lock" /> : null}
      </div>
      <p id="same-email-does">{t('optSameEmailDoes')}</p>
    </>
  );
}
