import { useCallback, useEffect, useState } from 'preact/hooks';
import type { RunsResponse } from '../lib/options-messages';
import { askOptions } from '../ui/ask-options';

/** While a run is under way its progress is asked for this often; otherwise now and then. */
const RUNNING_POLL_MS = 1_000;
const IDLE_POLL_MS = 15_000;

/** The nightly sync's runs of an org, newest first, followed live while one runs. */
export function useRuns(orgId: string): { runs: RunsResponse | null; reload: () => void } {
  const [runs, setRuns] = useState<RunsResponse | null>(null);
  const reload = useCallback(() => {
    askOptions({ type: 'runs', orgId }).then(setRuns, () => undefined);
  }, [orgId]);
  const running = runs?.ok === true && runs.runs[0]?.status === 'running';
  useEffect(() => {
    reload();
    const timer = setInterval(reload, running ? RUNNING_POLL_MS : IDLE_POLL_MS);
    return () => clearInterval(timer);
  }, [reload, running]);
  return { runs, reload };
}
