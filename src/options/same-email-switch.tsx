import { t } from '../ui/i18n';
import { LockableSwitch } from './lockable-switch';
import type { SettingProps } from './setting-props';

/**
 * Whether an unsubscribe covers every Contact, Lead and Person Account with the person's email
 * address or only the record itself (`sameEmail`), lockable by the administrator's policy.
 */
export function SameEmailSwitch({ settings, locked, save }: SettingProps) {
  return (
    <>
      <LockableSwitch
        id="same-email-switch"
        label={t('optSameEmailSwitch')}
        checked={settings.sameEmail}
        locked={locked}
        describedBy="same-email-does"
        onChange={(sameEmail) => save({ ...settings, sameEmail })}
      />
      <p id="same-email-does">{t('optSameEmailDoes')}</p>
    </>
  );
}
