import { useState } from 'preact/hooks';
import { checkboxOptions } from '../lib/field-check-view';
import type { OrgView } from '../lib/options-messages';
import { withChoice } from '../lib/settings-edit';
import { type OrgSettings } from '../lib/settings';
import { t } from '../ui/i18n';
import { FieldCheckResults } from './field-check-results';
import { FieldChoiceControl } from './field-choice-control';
import { MarketoOverrides } from './marketo-overrides';
import { SameEmailSwitch } from './same-email-switch';
import { SaveStatus, type SaveState } from './save-status';
import type { FieldCheckState } from './use-field-check';
import { kindText } from './words';
import { PERSON_KINDS } from '../lib/person-kinds';

/**
 * R7, R8, R1b: whether an unsubscribe covers every record with the email address, the opt-out
 * field choice, its per-object exceptions, and the live field check.
 */
export function FieldsSection({
  org,
  save,
  saveState,
  fieldCheck,
}: {
  org: OrgView;
  save: (settings: OrgSettings) => void;
  saveState: SaveState;
  fieldCheck: FieldCheckState;
}) {
  const { settings, locked } = org;
  const checks = fieldCheck.check.state === 'ok' ? fieldCheck.check.value : fieldCheck.last;
  const hasExceptions = Object.keys(settings.perObject).length > 0;
  // Open at first when an exception exists; afterwards the user opens and closes it.
  const [openAtFirst] = useState(hasExceptions);

  return (
    <section aria-labelledby="fields-heading">
      <h2 id="fields-heading">{t('optFieldsHeading')}</h2>
      <p>{t('optFieldsIntro')}</p>
      <SameEmailSwitch settings={settings} locked={locked.includes('sameEmail')} save={save} />
      <FieldChoiceControl
        scope="all"
        legend={t('optFieldsAllLegend')}
        value={settings.fieldChoice}
        checkboxes={checkboxOptions(checks, 'all')}
        locked={locked.includes('fieldChoice')}
        onChange={(choice) => save(withChoice(settings, 'all', choice))}
      />
      <details class="per-object" open={openAtFirst}>
        <summary>{t('optPerObjectSummary')}</summary>
        {PERSON_KINDS.map((kind) => (
          <FieldChoiceControl
            key={kind}
            scope={kind}
            legend={kindText(kind)}
            value={settings.perObject[kind] ?? null}
            checkboxes={checkboxOptions(checks, kind)}
            locked={locked.includes('perObject')}
            onChange={(choice) => save(withChoice(settings, kind, choice))}
          />
        ))}
      </details>
      <MarketoOverrides
        settings={settings}
        locked={locked.includes('marketoApiName')}
        save={save}
      />
      <SaveStatus save={saveState} />
      <FieldCheckResults fieldCheck={fieldCheck} settings={settings} />
    </section>
  );
}
