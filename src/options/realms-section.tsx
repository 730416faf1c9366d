import { useEffect, useState } from 'preact/hooks';
import { OPTIONAL_REALMS, type RealmId } from '../lib/salesforce-hosts';
import { t } from '../ui/i18n';
import { realmAllowed, removeRealm, requestRealm } from '../ui/realm-access';

const REALM_LABEL_KEY: Readonly<Record<Exclude<RealmId, 'commercial'>, string>> = {
  government: 'optRealmGovernment',
  mcas: 'optRealmMcas',
};

type Access = 'unknown' | 'allowed' | 'not-allowed' | 'refused';

function RealmRow({ id }: { id: Exclude<RealmId, 'commercial'> }) {
  const [access, setAccess] = useState<Access>('unknown');
  const refresh = () =>
    void realmAllowed(id).then(
      (allowed) => setAccess(allowed ? 'allowed' : 'not-allowed'),
      () => setAccess('not-allowed'),
    );
  useEffect(refresh, [id]);

  // permissions.request needs the click's user gesture: it is called first, with nothing awaited.
  const allow = () =>
    void requestRealm(id).then(
      (granted) => setAccess(granted ? 'allowed' : 'refused'),
      () => setAccess('refused'),
    );
  const remove = () => void removeRealm(id).then(refresh, refresh);

  return (
    <li class="realm" data-realm={id}>
      <span class="realm-name">{t(REALM_LABEL_KEY[id])}</span>{' '}
      {access === 'allowed' ? (
        <>
          <span class="ok" data-testid={`realm-${id}-state`}>
            {t('optRealmAllowed')}
          </span>{' '}
          <button type="button" onClick={remove}>
            {t('optRealmRemove')}
          </button>
        </>
      ) : access === 'unknown' ? null : (
        <>
          <span class={access === 'refused' ? 'error' : 'muted'} data-testid={`realm-${id}-state`}>
            {access === 'refused' ? t('optRealmRefused') : t('optRealmNotAllowed')}
          </span>{' '}
          <button type="button" onClick={allow}>
            {t('optRealmAllow')}
          </button>
        </>
      )}
    </li>
  );
}

/**
 * Other Salesforce realms (Government Cloud, the Microsoft Defender for Cloud Apps proxy): not in
 * the install prompt, each asked for here when a rep needs it. Shown with or without an org, since
 * an org of such a realm is only met once access is allowed.
 */
export function RealmsSection() {
  return (
    <section aria-labelledby="realms-heading">
      <h2 id="realms-heading">{t('optRealmsHeading')}</h2>
      <p class="muted">{t('optRealmsIntro')}</p>
      <ul class="realms">
        {OPTIONAL_REALMS.map((realm) =>
          realm.id === 'commercial' ? null : <RealmRow key={realm.id} id={realm.id} />,
        )}
      </ul>
    </section>
  );
}
