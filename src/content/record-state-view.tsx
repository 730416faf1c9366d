import type { RecordStateResponse } from '../lib/messages';
import { t } from '../ui/i18n';
import { failureText } from '../ui/failure-text';

/** What the widget says about a record: loading, its opt-out state, or why it cannot tell. */
export function RecordStateView({ response }: { response: RecordStateResponse | null }) {
  if (response === null) return <p class="muted">{t('stateLoading')}</p>;
  if (!response.ok) {
    return (
      <p class="error" role="alert">
        {failureText(response)}
      </p>
    );
  }
  const optedOut = response.state.optOuts.filter((field) => field.value);
  if (optedOut.length === 0) return <p class="state subscribed">{t('stateSubscribed')}</p>;
  return (
    <>
      <p class="state unsubscribed">{t('stateUnsubscribed')}</p>
      <p class="fields">{optedOut.map((field) => field.label).join(', ')}</p>
    </>
  );
}
