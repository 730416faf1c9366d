import type { OrgView } from '../lib/options-messages';
import { t } from '../ui/i18n';

/** "connected as Ana Lima (your Salesforce session)", or that the org is not connected. */
export function connectedAsText(org: OrgView): string {
  const { kind } = org.connection;
  if (kind === 'none') return t('optOrgNotConnected');
  const how = kind === 'oauth' ? t('optHowOauth') : t('optHowSession');
  const user = org.connection.userName ?? org.userName;
  return user ? t('optOrgConnectedAs', [user, how]) : t('optOrgConnectedNoUser', how);
}

/** The orgs the extension has seen; the one chosen is the one the page below is about. */
export function OrgPicker({
  orgs,
  selected,
  onSelect,
}: {
  orgs: readonly OrgView[];
  selected: string | null;
  onSelect: (orgId: string) => void;
}) {
  return (
    <section aria-labelledby="org-heading">
      <h2 id="org-heading">{t('optOrgHeading')}</h2>
      {orgs.length === 0 ? (
        <p class="notice" data-testid="no-org">
          {t('optOrgNone')}
        </p>
      ) : (
        <fieldset class="org-list">
          <legend class="visually-hidden">{t('optOrgHeading')}</legend>
          {orgs.map((org) => (
            <div class="org-option" key={org.orgId}>
              <input
                type="radio"
                name="org"
                id={`org-${org.orgId}`}
                value={org.orgId}
                checked={org.orgId === selected}
                onChange={() => onSelect(org.orgId)}
              />
              <label for={`org-${org.orgId}`}>
                <span class="org-url">{org.instanceUrl}</span>
                <span class="muted"> — {connectedAsText(org)}</span>
              </label>
            </div>
          ))}
        </fieldset>
      )}
    </section>
  );
}
