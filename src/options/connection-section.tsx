import { useState } from 'preact/hooks';
import type { ConnectDefaults, OrgsResponse, OrgView } from '../lib/options-messages';
import { askOptions } from '../ui/ask-options';
import { t } from '../ui/i18n';
import { ConnectForm } from './connect-form';
import { troubleText } from './loaded';

/** How the extension reaches the org now, and as whom. */
function connectionText(org: OrgView | null): string {
  const kind = org?.connection.kind ?? 'none';
  const user = org ? (org.connection.userName ?? org.userName) : null;
  if (kind === 'oauth') {
    return user ? t('optConnectionOauth', user) : t('optConnectionOauthNoUser');
  }
  if (kind === 'session') {
    return user ? t('optConnectionSession', user) : t('optConnectionSessionNoUser');
  }
  return t('optConnectionNone');
}

/** The Connection section: how connected, Connect for the nightly run, Disconnect. */
export function ConnectionSection({
  org,
  defaults,
  onAnswer,
}: {
  org: OrgView | null;
  defaults: ConnectDefaults | null;
  onAnswer: (answer: OrgsResponse) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const disconnect = async (orgId: string) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await askOptions({ type: 'disconnect', orgId });
      onAnswer(answer);
      if (!answer.ok) setError(troubleText(answer));
    } catch (trouble) {
      setError(troubleText(trouble));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="connection-heading">
      <h2 id="connection-heading">{t('optConnectionHeading')}</h2>
      <p>{t('optConnectionIntro')}</p>
      <p class="connection-state" data-testid="connection-state">
        <strong>{connectionText(org)}</strong>
      </p>
      {org?.connection.kind === 'oauth' ? (
        <p>
          <button type="button" disabled={busy} onClick={() => void disconnect(org.orgId)}>
            {t('optDisconnect')}
          </button>
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <ConnectForm defaults={defaults} onAnswer={onAnswer} />
    </section>
  );
}
