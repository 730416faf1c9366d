import { useEffect, useState } from 'preact/hooks';
import type { RecordRef } from '../lib/ids';
import type { RecordStateResponse } from '../lib/messages';
import { askBackground } from '../ui/ask-background';
import { t } from '../ui/i18n';
import { RecordStateView } from './record-state-view';

/** The card shown on a person record page. Renders nothing for a business Account. */
export function Widget({ record, pageUrl }: { record: RecordRef; pageUrl: string }) {
  const [response, setResponse] = useState<RecordStateResponse | null>(null);

  useEffect(() => {
    let current = true;
    setResponse(null);
    askBackground({ type: 'record-state', recordId: record.id, pageUrl })
      .catch((): RecordStateResponse => ({ ok: false, code: 'network' }))
      .then((answer) => current && setResponse(answer));
    // A navigation away before the answer arrives must not paint the old record's state.
    return () => {
      current = false;
    };
  }, [record.id, pageUrl]);

  if (response?.ok && !response.state.isPerson) return null;
  return (
    <section class="card" aria-label={t('extName')} data-record-id={record.id}>
      <p class="title">{t('extName')}</p>
      <RecordStateView response={response} />
    </section>
  );
}
