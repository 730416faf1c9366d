import { fixFor } from '../lib/field-check-view';
import type { ObjectFieldCheck } from '../lib/options-messages';
import type { OrgSettings } from '../lib/settings';
import { fieldProblemText } from '../ui/failure-text';
import { t } from '../ui/i18n';
import type { FieldCheckState } from './use-field-check';
import { fixText, kindText } from './words';

function ObjectResult({ check, settings }: { check: ObjectFieldCheck; settings: OrgSettings }) {
  return (
    <div class="check-object" data-kind={check.kind}>
      <h4>{kindText(check.kind)}</h4>
      {!check.available ? (
        <p class="muted">{t('optPersonAccountsOff')}</p>
      ) : (
        <ul>
          {check.chosen.map((field) => (
            <li key={field.name} class="check-ok">
              <span class="mark" aria-hidden="true">
                ✓
              </span>{' '}
              {t('optFieldOk', [field.label, field.name])}
            </li>
          ))}
          {check.problems.map((problem) => (
            <li key={`${problem.field}-${problem.reason}`} class="check-problem">
              <span class="mark" aria-hidden="true">
                ✗
              </span>{' '}
              <span class="problem">{fieldProblemText(problem)}</span>
              <br />
              <span class="fix">
                {t('optFixPrefix')} {fixText(fixFor(problem, settings))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** R1b: the chosen fields of each object, checked live against Salesforce for this user. */
export function FieldCheckResults({
  fieldCheck,
  settings,
}: {
  fieldCheck: FieldCheckState;
  settings: OrgSettings;
}) {
  const { check, last, recheck } = fieldCheck;
  const shown = check.state === 'ok' ? check.value : last;
  return (
    <div class="field-check" role="region" aria-labelledby="field-check-heading">
      <div class="heading-row">
        <h3 id="field-check-heading">{t('optFieldCheckHeading')}</h3>
        <button type="button" onClick={recheck} disabled={check.state === 'loading'}>
          {t('optCheckAgain')}
        </button>
      </div>
      <p>{t('optFieldCheckIntro')}</p>
      <p class="muted" role="status">
        {check.state === 'loading' ? t('optChecking') : null}
      </p>
      {check.state === 'error' ? (
        <p class="error" role="alert">
          {check.text}
        </p>
      ) : null}
      <div
        class={`check-objects${check.state === 'loading' ? ' stale' : ''}`}
        data-testid="field-check"
        aria-busy={check.state === 'loading'}
      >
        {(shown ?? []).map((object) => (
          <ObjectResult key={object.kind} check={object} settings={settings} />
        ))}
      </div>
    </div>
  );
}
