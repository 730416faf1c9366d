import { useEffect, useState } from 'preact/hooks';
import type { OrgView } from '../lib/options-messages';
import { nextNightlyRun } from '../lib/schedule';
import type { OrgSettings } from '../lib/settings';
import { t } from '../ui/i18n';
import { ApiBudgetSetting } from './api-budget-setting';
import { LockableSwitch } from './lockable-switch';
import { RunHistory } from './run-history';
import { SaveStatus, type SaveState } from './save-status';
import { scheduleWhenText } from './words';

const MINUTE_MS = 60_000;

/** The current time, renewed every minute, so "Next run" moves on past 20:00 Pacific. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), MINUTE_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * R1a, R3, R4: the nightly unsubscribe sync switch, what it does and does not do, when next (this
 * browser's own time in the half hour after 20:00 Pacific), and the API budget (issue 12).
 */
export function NightlySection({
  org,
  save,
  saveState,
}: {
  org: OrgView;
  save: (settings: OrgSettings) => void;
  saveState: SaveState;
}) {
  const now = useMinuteClock();
  const on = org.settings.nightlySync;
  const locked = org.locked.includes('nightlySync');

  return (
    <section aria-labelledby="nightly-heading">
      <h2 id="nightly-heading">{t('optNightlyHeading')}</h2>
      <LockableSwitch
        id="nightly-switch"
        label={t('optNightlySwitch')}
        checked={on}
        locked={locked}
        describedBy="nightly-does"
        onChange={(nightlySync) => save({ ...org.settings, nightlySync })}
      />
      <SaveStatus save={saveState} />
      {on ? (
        <p class="next-run" data-testid="next-run">
          {t('optNextRun', scheduleWhenText(nextNightlyRun(now, org.nightlyOffsetMs)))}
        </p>
      ) : null}
      <p id="nightly-does">{t('optNightlyDoes')}</p>
      <p data-testid="nightly-spread">
        {t('optNightlySpread', String(Math.floor(org.nightlyOffsetMs / MINUTE_MS)))}
      </p>
      <p>{t('optNightlyMissed')}</p>
      <p>{t('optNightlyDoesNot')}</p>
      <ApiBudgetSetting
        settings={org.settings}
        locked={org.locked.includes('apiFloorPercent')}
        save={save}
      />
      <RunHistory orgId={org.orgId} syncOn={on} />
    </section>
  );
}
