import type { RecordRef } from '../lib/ids';
import { failureText } from '../ui/failure-text';
import { t } from '../ui/i18n';
import { CardBody } from './card-body';
import { CardFrame } from './card-frame';
import { CoversLine } from './covers-line';
import type { ScriptContext } from './script-context';
import { useCardActions } from './use-card-actions';
import { usePageRefresh } from './use-page-refresh';
import { useRecordState } from './use-record-state';
import { useUnsubscribeFollow } from './use-unsubscribe-follow';

/**
 * The card shown on a person record page. Renders nothing for a business Account. It can be
 * folded to its title bar.
 */
export function Widget({
  ctx,
  record,
  pageUrl,
  folded,
  onFold,
}: {
  ctx: ScriptContext;
  record: RecordRef;
  pageUrl: string;
  folded: boolean;
  onFold: (folded: boolean) => void;
}) {
  const { response, view, covered, actionError, apply } = useRecordState(ctx, record.id, pageUrl);
  // The record the card works on: a person contact's page works on its Person Account.
  const personId = response?.ok ? response.state.id : record.id;
  const { now, tick } = useUnsubscribeFollow(ctx, personId, pageUrl, view, covered, apply);
  const { sending, undoneNow, actions } = useCardActions(ctx, personId, pageUrl, apply, tick);
  const pageStale = usePageRefresh(
    ctx,
    personId,
    pageUrl,
    response === null ? null : (view?.status ?? 'none'),
  );

  if (response?.ok && !response.state.isPerson) return null;
  // Unsubscribe is offered (no live click): the card names who the next click covers; right
  // after an Undo, and while a click lives, it names those it covered, each with its state.
  const offered = !view || view.status === 'undone';
  return (
    <CardFrame recordId={record.id} status={view?.status ?? 'none'} folded={folded} onFold={onFold}>
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
            pageStale={pageStale}
            actions={actions}
          />
          <CoversLine
            covers={offered ? response.state.covers : []}
            alreadyOptedOut={offered ? response.state.coversAlreadyOptedOut : 0}
            covered={offered && !undoneNow ? [] : covered}
          />
        </>
      ) : null}
      {actionError ? (
        <p class="error" role="alert">
          {actionError}
        </p>
      ) : null}
    </CardFrame>
  );
}
