import { useCallback, useEffect, useState } from 'preact/hooks';
import type {
  CoveredStatus,
  RecordState,
  RecordStateResponse,
  UnsubscribeResponse,
  UnsubscribeView,
} from '../lib/messages';
import { askBackground } from '../ui/ask-background';
import { failureText } from '../ui/failure-text';
import type { ScriptContext } from './script-context';

/** What the card knows about its record, and how an answer about its unsubscribe updates it. */
export interface RecordCardState {
  /** The record's state as the background read it; `null` until it answers. */
  readonly response: RecordStateResponse | null;
  readonly view: UnsubscribeView | null;
  /** The records the stored click also unsubscribed, each with its state, as last answered. */
  readonly covered: readonly CoveredStatus[];
  /** The last action's failure, in plain words. */
  readonly actionError: string | null;
  readonly apply: (answer: UnsubscribeResponse) => void;
}

/** Once Salesforce confirmed, the fields the push set are set: shown without reading again. */
function withPushFieldsSet(state: RecordState): RecordState {
  const set = new Set(state.pushFields);
  return {
    ...state,
    optOuts: state.optOuts.map((f) => (set.has(f.name) ? { ...f, value: true } : f)),
  };
}

/** Reads the record's state once per record and page, and keeps it as answers arrive. */
export function useRecordState(
  ctx: ScriptContext,
  recordId: string,
  pageUrl: string,
): RecordCardState {
  const [response, setResponse] = useState<RecordStateResponse | null>(null);
  const [view, setView] = useState<UnsubscribeView | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [covered, setCovered] = useState<readonly CoveredStatus[]>([]);

  useEffect(() => {
    let live = true;
    ctx
      .call(() => askBackground({ type: 'record-state', recordId, pageUrl }))
      .catch((): RecordStateResponse => ({ ok: false, code: 'network' }))
      .then((answer) => {
        if (!live) return;
        setResponse(answer);
        if (!answer.ok) return;
        setView(answer.state.unsubscribe);
        setCovered(answer.state.covered);
      });
    // A navigation away before the answer arrives must not paint the old record's state.
    return () => {
      live = false;
    };
  }, [ctx, recordId, pageUrl]);

  const apply = useCallback((answer: UnsubscribeResponse) => {
    if (!answer.ok) {
      setActionError(failureText(answer));
      return;
    }
    setActionError(null);
    setView(answer.unsubscribe);
    setCovered(answer.covered);
    if (answer.unsubscribe?.status === 'confirmed') {
      setResponse((r) => (r?.ok ? { ok: true, state: withPushFieldsSet(r.state) } : r));
    }
  }, []);

  return { response, view, covered, actionError, apply };
}
