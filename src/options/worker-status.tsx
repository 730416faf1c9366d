import { useEffect, useState } from 'preact/hooks';
import type { PingResponse } from '../lib/messages';
import { askBackground } from '../ui/ask-background';
import { t } from '../ui/i18n';

/** Whether the service worker answers, and its version. */
export function WorkerStatus() {
  const [worker, setWorker] = useState<PingResponse | 'down' | null>(null);

  useEffect(() => {
    askBackground({ type: 'ping' }).then(setWorker, () => setWorker('down'));
  }, []);

  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">{t('optionsStatusHeading')}</h2>
      {worker === null ? null : worker === 'down' ? (
        <p class="error" role="alert">
          {t('optionsWorkerDown')}
        </p>
      ) : (
        <p class="ok" data-testid="worker-status">
          {t('optionsWorkerRunning', worker.version)}
        </p>
      )}
    </section>
  );
}
