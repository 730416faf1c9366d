import type { RunError, RunRecord } from '../lib/db/schema';
import type { Failure } from '../lib/failure';
import { failureOfCode } from '../lib/salesforce/failure';
import { failureText, isFailureCode } from '../ui/failure-text';
import { t } from '../ui/i18n';

const count = new Intl.NumberFormat();
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

/**
 * What the run history says of a stop for the API budget (issue 12), in the user's language:
 * "Stopped: the org has 8,500 API calls left today, under the 10% kept for other work; it goes
 * on at the next opportunity." while it waits, and that it went on once it did.
 */
export function budgetStopText(run: RunRecord): string | null {
  const stop = run.budgetStop;
  if (!stop) return null;
  const words = [count.format(stop.remaining), percent.format(stop.floorPercent / 100)];
  return run.status === 'waiting'
    ? t('optRunBudgetStopped', words)
    : t('optRunBudgetWentOn', words);
}

/** The errors a history row shows; the whole list stays in the run record. */
const SHOWN_ERRORS = 3;

/**
 * A run error as the rep's card would put it: a stop records Salesforce's code when it gave one
 * (REQUEST_LIMIT_EXCEEDED), else the product's own ('network'); a record's error, Salesforce's.
 */
export function runErrorFailure(error: RunError): Failure {
  if (isFailureCode(error.code)) return { ok: false, code: error.code };
  return failureOfCode(error.code, error.message);
}

/** Salesforce's own words for the admin: the code and message, once each. */
const rawText = (error: RunError): string =>
  error.message === error.code || error.message === ''
    ? error.code
    : `${error.code} ${error.message}`;

/**
 * The notes of one run in the history: why it waits for the API budget, the objects it skipped,
 * and its first errors in plain words, each with Salesforce's code and message behind a
 * "Details" disclosure for the admin.
 */
export function RunNotes({ run }: { run: RunRecord }) {
  const budget = budgetStopText(run);
  return (
    <ul class="run-notes">
      {budget === null ? null : <li>{budget}</li>}
      {run.skippedObjects.map((o) => (
        <li key={o.kind}>{t('optRunSkippedObject', [o.kind, o.reason])}</li>
      ))}
      {run.errors.slice(0, SHOWN_ERRORS).map((error, i) => (
        <li key={i} data-testid="run-error">
          {error.recordId ? <span class="record-id">{error.recordId}: </span> : null}
          {failureText(runErrorFailure(error))}
          <details>
            <summary>{t('optRunErrorDetails')}</summary>
            <code>{rawText(error)}</code>
          </details>
        </li>
      ))}
    </ul>
  );
}
