import type { RecordState, UnsubscribeView } from '../lib/messages';
import { failureText, fieldProblemText } from '../ui/failure-text';
import { t } from '../ui/i18n';
import type { MovedTo } from '../lib/db/schema';
import { kindOfObject, PERSON_KIND } from '../lib/person-kinds';

/** The card's writing buttons' click handlers; each checks that a person clicked. */
export interface CardActions {
  readonly onUnsubscribe: (event: Event) => void;
  readonly onUndo: (event: Event) => void;
  readonly onRetry: (event: Event) => void;
}

/** Which opt-out fields are set, as "Email Opt Out, Marketo Sales Opt Out". */
function setFieldLabels(state: RecordState): string {
  return state.optOuts
    .filter((f) => f.value)
    .map((f) => f.label)
    .join(', ');
}

function UndoButton({
  view,
  now,
  onUndo,
}: {
  view: UnsubscribeView | null;
  now: number;
  onUndo: (event: Event) => void;
}) {
  if (!view?.undoUntil || now >= view.undoUntil || view.status === 'failed') return null;
  return (
    <button type="button" class="secondary" onClick={onUndo}>
      {t('actionUndo')}
    </button>
  );
}

/** The page's own fields still show the value from before the change: only a reload redraws them. */
function PageStaleNote({ pageStale }: { pageStale: boolean }) {
  return pageStale ? <p class="fields">{t('statePageReload')}</p> : null;
}

/**
 * What the card says about a person record, from its state in Salesforce and the extension's
 * own unsubscribe of it. `now` drives the Undo window; `pageStale` says the page's own fields
 * could not be redrawn after the change.
 */
export function CardBody({
  state,
  view,
  sending,
  undoneNow,
  now,
  pageStale,
  actions,
}: {
  state: RecordState;
  view: UnsubscribeView | null;
  sending: boolean;
  undoneNow: boolean;
  now: number;
  pageStale: boolean;
  actions: CardActions;
}) {
  if (undoneNow) {
    return (
      <>
        <p class="state subscribed">{t('stateUndone')}</p>
        <PageStaleNote pageStale={pageStale} />
      </>
    );
  }
  if (sending || view?.status === 'pending') {
    return (
      <>
        <p class="state pending" role="status">
          {t('stateUnsubscribing')}
        </p>
        {view?.lastError ? (
          <p class="error" role="alert">
            {failureText(view.lastError)} {t('stateSavedWillSend')}
          </p>
        ) : null}
        <UndoButton view={view} now={now} onUndo={actions.onUndo} />
      </>
    );
  }
  if (view?.status === 'failed' && view.movedTo) return <MovedState to={view.movedTo} />;
  if (view?.status === 'failed') {
    return (
      <>
        <p class="state failed">{t('stateNotUnsubscribed')}</p>
        <p class="error" role="alert">
          {view.lastError ? failureText(view.lastError) : null}
        </p>
        <button type="button" onClick={actions.onRetry}>
          {t('actionRetry')}
        </button>
      </>
    );
  }
  const pushSet = state.pushFields.every((name) =>
    state.optOuts.some((f) => f.name === name && f.value),
  );
  if (view?.status === 'confirmed' || (state.pushFields.length > 0 && pushSet)) {
    return (
      <>
        <p class="state unsubscribed" role="status">
          {t('stateUnsubscribed')}
        </p>
        <p class="fields">{setFieldLabels(state)}</p>
        <PageStaleNote pageStale={pageStale} />
        <UndoButton view={view} now={now} onUndo={actions.onUndo} />
      </>
    );
  }
  const labels = setFieldLabels(state);
  return (
    <>
      <p class="state subscribed">{t('stateSubscribed')}</p>
      {labels ? <p class="fields">{labels}</p> : null}
      {state.problems.length > 0 ? (
        <p class="warning">
          {t('stateFieldsBlocked')} {state.problems.map(fieldProblemText).join('; ')}
        </p>
      ) : null}
      <button type="button" onClick={actions.onUnsubscribe}>
        {t('actionUnsubscribe')}
      </button>
    </>
  );
}

/** The words of each reason an unsubscribe moves. */
const MOVED_TEXT: Readonly<Record<MovedTo['reason'], (kind: string) => string>> = {
  merged: (kind) => t('stateMovedMerged', [kind]),
  converted: () => t('stateMovedConverted'),
  'person-account': () => t('stateMovedPersonAccount'),
};

/**
 * The record's unsubscribe moved to its successor (a merge, a conversion, or the Person Account
 * a person contact stands for): no Try again.
 */
function MovedState({ to }: { to: MovedTo }) {
  const kind = t(PERSON_KIND[kindOfObject(to.object)].labelKey);
  return (
    <p class="state unsubscribed" role="status">
      {MOVED_TEXT[to.reason](kind)}
    </p>
  );
}
