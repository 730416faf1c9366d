import { useState } from 'preact/hooks';
import type { RunRecord } from '../lib/db/schema';
import type { Failure } from '../lib/failure';
import { failureText } from '../ui/failure-text';
import { askOptions } from '../ui/ask-options';
import { t } from '../ui/i18n';
import { useRuns } from './use-runs';
import { budgetStopText, RunNotes } from './run-notes';
import { whenText } from './words';

const PHASE_KEY: Readonly<Record<RunRecord['phase'], string>> = {
  requirements: 'optRunPhaseRequirements',
  import: 'optRunPhaseImport',
  'same-email': 'optRunPhaseSameEmail',
  export: 'optRunPhaseExport',
  done: 'optRunStatusDone',
};

const STATUS_KEY: Readonly<Record<RunRecord['status'], string>> = {
  running: 'optRunStatusRunning',
  done: 'optRunStatusDone',
  failed: 'optRunStatusFailed',
  waiting: 'nightlyWaitingSignIn',
};

const count = new Intl.NumberFormat();

/** A run's status in words: a run waiting for the API budget is told from one awaiting sign-in. */
function statusText(run: RunRecord): string {
  if (run.status === 'waiting' && run.budgetStop) return t('optRunStatusBudget');
  return t(STATUS_KEY[run.status]);
}

const TRIGGER_KEY: Readonly<Record<RunRecord['trigger'], string>> = {
  schedule: 'optRunTriggerSchedule',
  manual: 'optRunTriggerManual',
};

/** The run under way: its phase and a progress bar of records done of the total, when known. */
function Progress({ run }: { run: RunRecord }) {
  const { done, total } = run.progress;
  return (
    <div class="run-progress" role="status" data-testid="run-progress">
      <p>{t(PHASE_KEY[run.phase])}</p>
      <progress value={done} max={total ?? undefined} aria-label={t(PHASE_KEY[run.phase])} />
      <p class="muted">
        {total === null
          ? t('optRunProgressUnknown', String(done))
          : t('optRunProgress', [String(done), String(total)])}
      </p>
    </div>
  );
}

function RunRow({ run }: { run: RunRecord }) {
  const s = run.stats;
  return (
    <tr data-status={run.status}>
      <td>{whenText(run.startedAt)}</td>
      <td>{run.endedAt ? whenText(run.endedAt) : ''}</td>
      <td>{t(TRIGGER_KEY[run.trigger])}</td>
      <td>{statusText(run)}</td>
      <td>{s.read}</td>
      <td>{s.written}</td>
      <td>{s.imported}</td>
      <td>{s.covered ?? 0}</td>
      <td>{s.skipped}</td>
      <td>{s.failed}</td>
      <td>
        {s.apiCalls}
        {s.apiRemaining === null ? null : (
          <span class="muted"> ({t('optRunApiRemaining', count.format(s.apiRemaining))})</span>
        )}
      </td>
      <td>
        <RunNotes run={run} />
      </td>
    </tr>
  );
}

/** R4 and issue 5: Run now, the progress of a run under way, and the history of past runs. */
export function RunHistory({ orgId, syncOn }: { orgId: string; syncOn: boolean }) {
  const { runs, reload } = useRuns(orgId);
  const [failure, setFailure] = useState<Failure | null>(null);
  const list = runs?.ok ? runs.runs : [];
  const latest = list[0];
  const runNow = async () => {
    const answer = await askOptions({ type: 'run-now', orgId }).catch((): Failure => ({
      ok: false,
      code: 'network',
    }));
    setFailure(answer.ok ? null : answer);
    reload();
  };
  return (
    <div class="run-history" role="region" aria-labelledby="run-history-heading">
      <h3 id="run-history-heading">{t('optRunHistoryHeading')}</h3>
      <button type="button" onClick={runNow} disabled={!syncOn || latest?.status === 'running'}>
        {t('optRunNow')}
      </button>
      {failure ? (
        <p class="error" role="alert">
          {failureText(failure)}
        </p>
      ) : null}
      {latest?.status === 'running' ? <Progress run={latest} /> : null}
      {latest?.status === 'waiting' ? (
        <p class="error" role="alert" data-testid="run-waiting">
          {budgetStopText(latest) ?? t('nightlyWaitingSignIn')}
        </p>
      ) : null}
      {list.length === 0 ? (
        <p class="muted" data-testid="run-history-empty">
          {t('optRunHistoryEmpty')}
        </p>
      ) : (
        <table class="runs" data-testid="run-history">
          <thead>
            <tr>
              <th scope="col">{t('optRunStarted')}</th>
              <th scope="col">{t('optRunEnded')}</th>
              <th scope="col">{t('optRunTrigger')}</th>
              <th scope="col">{t('optRunStatus')}</th>
              <th scope="col">{t('optRunRead')}</th>
              <th scope="col">{t('optRunWritten')}</th>
              <th scope="col">{t('optRunImported')}</th>
              <th scope="col">{t('optRunCovered')}</th>
              <th scope="col">{t('optRunSkipped')}</th>
              <th scope="col">{t('optRunFailed')}</th>
              <th scope="col">{t('optRunApiCalls')}</th>
              <th scope="col">{t('optRunErrors')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((run) => (
              <RunRow key={run.id} run={run} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
