import { useCallback, useEffect, useState } from 'preact/hooks';
import type { RecordRef } from '../lib/ids';
import type {
  RecordState,
  RecordStateResponse,
  UnsubscribeResponse,
  UnsubscribeView,
} from '../lib/messages';
import { askBackground } from '../ui/ask-background';
import { failureText } from '../ui/failure-text';
import { t } from '../ui/i18n';
import { CardBody } from './card-body';

/** How often the card asks the extension (not Salesforce) about a waiting unsubscribe. */
const POLL_MS = 1000;

const unreachable = (): UnsubscribeResponse => ({ ok: false, code: 'network' });

/** Once Salesforce confirmed, the fields the push set are set: shown without reading again. */
function withPushFieldsSet(state: RecordState): RecordState {
  const set = new Set(state.pushFields);
  return {
    ...state,
    optOuts: state.optOuts.map((f) => (set.has(f.name) ? { ...f, value: true } : f)),
  };
}

/**
 * The card shown on a person record page. Renders nothing for a business Account. It can be
 * folded to its title bar, so that it never stays over a Salesforce control the rep needs.
 */
export function Widget({
  record,
  pageUrl,
  folded,
  onFold,
}: {
  record: RecordRef;
  pageUrl: string;
  folded: boolean;
  onFold: (folded: boolean) => void;
}) {
  const [response, setResponse] = useState<RecordStateResponse | null>(null);
  const [view, setView] = useState<UnsubscribeView | null>(null);
  const [sending, setSending] = useState(false);
  const [undoneNow, setUndoneNow] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    let live = true;
    askBackground({ type: 'record-state', recordId: record.id, pageUrl })
      .catch((): RecordStateResponse => ({ ok: false, code: 'network' }))
      .then((answer) => {
        if (!live) return;
        setResponse(answer);
        if (answer.ok) setView(answer.state.unsubscribe);
      });
    // A navigation away before the answer arrives must not paint the old record's state.
    return () => {
      live = false;
    };
  }, [record.id, pageUrl]);

  const apply = useCallback((answer: UnsubscribeResponse) => {
    if (!answer.ok) {
      setActionError(failureText(answer));
      return;
    }
    setActionError(null);
    setView(answer.unsubscribe);
    if (answer.unsubscribe?.status === 'confirmed') {
      setResponse((r) => (r?.ok ? { ok: true, state: withPushFieldsSet(r.state) } : r));
    }
  }, []);

  // While the unsubscribe waits for Salesforce, follow it in the extension's store; also tick
  // the clock that closes the Undo window.
  const waiting = view?.status === 'pending';
  const undoOpen = view?.undoUntil != null && now < view.undoUntil;
  useEffect(() => {
    if (!waiting && !undoOpen) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (waiting) {
        askBackground({ type: 'unsubscribe-status', recordId: record.id, pageUrl }).then(
          apply,
          () => undefined,
        );
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, undoOpen, record.id, pageUrl, apply]);

  const act = (type: 'unsubscribe' | 'undo' | 'retry') => async () => {
    setSending(type !== 'undo');
    setUndoneNow(false);
    setNow(Date.now());
    const answer = await askBackground({ type, recordId: record.id, pageUrl }).catch(unreachable);
    setSending(false);
    apply(answer);
    if (type === 'undo' && answer.ok) setUndoneNow(true);
  };

  if (response?.ok && !response.state.isPerson) return null;
  return (
    <section
      class={folded ? 'card folded' : 'card'}
      aria-label={t('extName')}
      data-record-id={record.id}
      data-status={view?.status ?? 'none'}
    >
      <div class="title-row">
        <p class="title">{t('extName')}</p>
        <button
          type="button"
          class="fold"
          aria-expanded={!folded}
          aria-label={folded ? t('actionShowCard') : t('actionHideCard')}
          title={folded ? t('actionShowCard') : t('actionHideCard')}
          onClick={() => onFold(!folded)}
        >
          {folded ? '+' : '–'}
        </button>
      </div>
      {folded ? null : (
        <>
          {response === null ? <p class="muted">{t('stateLoading')}</p> : null}
          {response?.ok === false ? (
            <p class="error" role="alert">
              {failureText(response)}
            </p>
          ) : null}
          {response?.ok ? (
            <>
              <p class="name">{response.state.name}</p>
              <CardBody
                state={response.state}
                view={view}
                sending={sending}
                undoneNow={undoneNow}
                now={now}
                actions={{
                  onUnsubscribe: act('unsubscribe'),
                  onUndo: act('undo'),
                  onRetry: act('retry'),
                }}
              />
            </>
          ) : null}
          {actionError ? (
            <p class="error" role="alert">
              {actionError}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
