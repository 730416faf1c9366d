import { useState } from 'preact/hooks';
import type { ObjectFieldCheck } from '../lib/options-messages';
import type { StateFilter } from '../lib/unsubscribe-filter';
import { t } from '../ui/i18n';
import { HistoryDialog } from './history-dialog';
import { RemoveDialog } from './remove-dialog';
import { UnsubscribeTable } from './unsubscribe-table';
import { UnsubscribeToolbar } from './unsubscribe-toolbar';
import { useUnsubscribeActions } from './use-unsubscribe-actions';
import { useUnsubscribes } from './use-unsubscribes';

/** R9, R6: every unsubscribe of the org, searchable, with Retry, History, Remove and export. */
export function UnsubscribeList({
  orgId,
  checks,
}: {
  orgId: string;
  checks: readonly ObjectFieldCheck[] | null;
}) {
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<StateFilter>('all');
  const { list, reload } = useUnsubscribes(orgId, search, filter);
  const { dialog, closeDialog, busy, message, showTrouble, row, remove } =
    useUnsubscribeActions(reload);

  const shown = list.state === 'ok' ? list.value.items : [];
  const total = list.state === 'ok' ? list.value.total : 0;

  return (
    <section aria-labelledby="list-heading" class="list-section">
      <div class="heading-row">
        <h2 id="list-heading">{t('optListHeading')}</h2>
        <button type="button" onClick={reload}>
          {t('optRefresh')}
        </button>
      </div>
      <p>{t('optListIntro')}</p>
      <UnsubscribeToolbar
        orgId={orgId}
        search={search}
        filter={filter}
        canExport={shown.length > 0}
        onSearch={setSearch}
        onFilter={setFilter}
        onTrouble={showTrouble}
      />
      {message ? (
        <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
      {list.state === 'loading' ? <p class="muted">{t('optLoading')}</p> : null}
      {list.state === 'error' ? (
        <p class="error" role="alert">
          {list.text}
        </p>
      ) : null}
      {list.state === 'ok' && total === 0 ? <p class="muted">{t('optListEmpty')}</p> : null}
      {total > 0 ? (
        <>
          <p class="muted" role="status" data-testid="list-count">
            {t('optListCount', [String(shown.length), String(total)])}
          </p>
          {shown.length === 0 ? (
            <p class="muted">{t('optListNoMatch')}</p>
          ) : (
            <UnsubscribeTable items={shown} busy={busy} actions={row} />
          )}
        </>
      ) : null}
      {dialog?.kind === 'history' ? (
        <HistoryDialog item={dialog.item} onClose={closeDialog} />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <RemoveDialog
          item={dialog.item}
          checks={checks}
          onConfirm={(records) => remove(dialog.item, records)}
          onClose={closeDialog}
        />
      ) : null}
    </section>
  );
}
