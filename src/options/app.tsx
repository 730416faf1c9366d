import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { OrgsResponse } from '../lib/options-messages';
import type { OrgSettings } from '../lib/settings';
import { askOptions } from '../ui/ask-options';
import { t } from '../ui/i18n';
import { ConnectionSection } from './connection-section';
import { FieldsSection } from './fields-section';
import { lastOrgId, rememberOrg } from './last-org';
import { troubleText } from './loaded';
import { NightlySection } from './nightly-section';
import { OrgPicker } from './org-picker';
import { RealmsSection } from './realms-section';
import type { SaveState } from './save-status';
import { UnsubscribeList } from './unsubscribe-list';
import { useFieldCheck } from './use-field-check';
import { useOrgs } from './use-orgs';
import { WorkerStatus } from './worker-status';

type SaveSection = 'nightly' | 'fields';
const IDLE: SaveState = { state: 'idle' };

/** The options page: the org, its connection, the nightly sync, the fields, the unsubscribes. */
export function App() {
  const { orgs, apply, reload, showSettings } = useOrgs();
  const [chosenOrgId, setChosenOrgId] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<{ section: SaveSection; save: SaveState } | null>(
    null,
  );
  const [settingsVersion, setSettingsVersion] = useState(0);
  const saves = useRef(0);

  const list = orgs.state === 'ok' ? orgs.value.orgs : [];
  const org = list.find((o) => o.orgId === chosenOrgId) ?? list[0] ?? null;
  const fieldCheck = useFieldCheck(org?.orgId ?? null, settingsVersion);
  // While the orgs load, the list of the org shown last loads beside them (`last-org.ts`); it is
  // kept when that org is the one shown, and replaced otherwise.
  const [remembered] = useState(lastOrgId);
  const listOrgId = orgs.state === 'loading' ? remembered : (org?.orgId ?? null);
  useEffect(() => {
    if (org) rememberOrg(org.orgId);
  }, [org]);

  /** Shows the change at once, saves it, then shows what the background kept. */
  const save = useCallback(
    async (section: SaveSection, settings: OrgSettings) => {
      const attempt = ++saves.current;
      showSettings(settings);
      setSaveState({ section, save: { state: 'saving' } });
      let answer: OrgsResponse | null = null;
      try {
        answer = await askOptions({ type: 'settings-save', settings });
      } catch (trouble) {
        setSaveState({ section, save: { state: 'error', text: troubleText(trouble) } });
      }
      // A later change is on its way: its answer is the one to show.
      if (attempt !== saves.current) return;
      if (answer && apply(answer)) {
        setSaveState({ section, save: { state: 'saved' } });
        setSettingsVersion((v) => v + 1);
      } else {
        if (answer) setSaveState({ section, save: { state: 'error', text: troubleText(answer) } });
        reload();
      }
    },
    [apply, reload, showSettings],
  );

  const saveOf = (section: SaveSection) => (settings: OrgSettings) => void save(section, settings);
  const stateOf = (section: SaveSection): SaveState =>
    saveState?.section === section ? saveState.save : IDLE;

  return (
    <main>
      <header class="page-header">
        <h1>{t('optionsTitle')}</h1>
        <p>{t('extDescription')}</p>
      </header>
      {orgs.state === 'loading' ? <p class="muted">{t('optLoading')}</p> : null}
      {orgs.state === 'error' ? (
        <p class="error" role="alert">
          {orgs.text}
        </p>
      ) : null}
      {orgs.state === 'ok' ? (
        <>
          <OrgPicker orgs={list} selected={org?.orgId ?? null} onSelect={setChosenOrgId} />
          <ConnectionSection
            org={org}
            defaults={orgs.value.connectDefaults}
            onAnswer={(answer) => void apply(answer)}
          />
          {org ? (
            <>
              <NightlySection org={org} save={saveOf('nightly')} saveState={stateOf('nightly')} />
              <FieldsSection
                org={org}
                save={saveOf('fields')}
                saveState={stateOf('fields')}
                fieldCheck={fieldCheck}
              />
            </>
          ) : null}
        </>
      ) : null}
      {listOrgId ? (
        <UnsubscribeList
          key={listOrgId}
          orgId={listOrgId}
          checks={fieldCheck.check.state === 'ok' ? fieldCheck.check.value : fieldCheck.last}
        />
      ) : null}
      <RealmsSection />
      <WorkerStatus />
    </main>
  );
}
