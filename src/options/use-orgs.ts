import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ConnectDefaults, OrgsResponse, OrgView } from '../lib/options-messages';
import type { OrgSettings } from '../lib/settings';
import { askOptions } from '../ui/ask-options';
import { troubleText, type Loaded } from './loaded';

export interface OrgsValue {
  readonly orgs: readonly OrgView[];
  readonly connectDefaults: ConnectDefaults;
}

export interface OrgsState {
  readonly orgs: Loaded<OrgsValue>;
  /** Shows an `orgs`-shaped answer (from settings-save, connect, disconnect); false if it failed. */
  readonly apply: (answer: OrgsResponse) => boolean;
  readonly reload: () => void;
  /** Shows settings at once, before the background confirms them. */
  readonly showSettings: (settings: OrgSettings) => void;
}

/** The orgs the extension has seen, with their settings and connection. */
export function useOrgs(): OrgsState {
  const [orgs, setOrgs] = useState<Loaded<OrgsValue>>({ state: 'loading' });

  const apply = useCallback((answer: OrgsResponse): boolean => {
    if (!answer.ok) return false;
    setOrgs({
      state: 'ok',
      value: { orgs: answer.orgs, connectDefaults: answer.connectDefaults },
    });
    return true;
  }, []);

  const reload = useCallback(() => {
    askOptions({ type: 'orgs' }).then(
      (answer) => {
        if (!apply(answer)) setOrgs({ state: 'error', text: troubleText(answer) });
      },
      (error: unknown) => setOrgs({ state: 'error', text: troubleText(error) }),
    );
  }, [apply]);

  useEffect(reload, [reload]);

  // An org is learned on a Salesforce page: coming back from one, the page asks again.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reload]);

  const showSettings = useCallback((settings: OrgSettings) => {
    setOrgs((current) =>
      current.state === 'ok'
        ? {
            state: 'ok',
            value: {
              ...current.value,
              orgs: current.value.orgs.map((org) =>
                org.orgId === settings.orgId ? { ...org, settings } : org,
              ),
            },
          }
        : current,
    );
  }, []);

  return { orgs, apply, reload, showSettings };
}
