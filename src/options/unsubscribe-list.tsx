import { useState } from 'preact/hooks';
import { labelsToUncheck } from '../lib/field-check-view';
import type { ObjectFieldCheck, OrgView, UnsubscribeListItem } from '../lib/options-messages';
import type { StateFilter } from '../lib/unsubscribe-list';
import { askOptions } from '../ui/ask-options';
import { t } from '../ui/i18n';
import { HistoryDialog } from './history-dialog';
import { troubleText } from './loaded';
import { RemoveDialog } from './remove-dialog';
import type { RowActions } from './unsubscribe-row';
import { UnsubscribeTable } from './unsubscribe-table';
import { UnsubscribeToolbar } from './unsubscribe-toolbar';
import { useUnsubscribes } from './use-unsubscribes';

type Dialog =
  | { readonly kind: 'history'; readonly item: UnsubscribeListItem }
  | { readonly kind: 'remove'; readonly item: UnsubscribeListItem }
  | null;

/** R9, R6: every unsubscribe of the org, searchable, with Retry, History, Remove and export. */
export function UnsubscribeList({
  org,
  checks,
}: {
  org: OrgView;
  checks: readonly ObjectFieldCheck[] | null;
}) {
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<StateFilter>('all');
  const { list, reload } = useUnsubscribes(org.orgId, search, filter);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const shown = list.state === 'ok' ? list.value.items : [];
  const total = list.state === 'ok' ? list.value.total : 0;

  const retry = async (item: UnsubscribeListItem) => {
    setBusy(item.recordId);
    setMessage(null);
    try {
      const answer = await askOptions({
        type: 'unsubscribe-retry',
        orgId: item.orgId,
        recordId: item.recordId,
      });
      if (!answer.ok) setMessage({ ok: false, text: troubleText(answer) });
    } catch (trouble) {
      setMessage({ ok: false, text: troubleText(trouble) });
    } finally {
      setBusy(null);
      reload();
    }
  };

  const remove = async (item: UnsubscribeListItem): Promise<string | null> => {
    try {
      const answer = await askOptions({
        type: 'unsubscribe-remove',
        orgId: item.orgId,
        recordId: item.recordId,
      });
      if (!answer.ok) return troubleText(answer);
    } catch (trouble) {
      return troubleText(trouble);
    }
    setDialog(null);
    setMessage({ ok: true, text: t('optRemoved', item.name) });
    reload();
    return null;
  };

  const actions: RowActions = {
    onRetry: (item) => void retry(item),
    onHistory: (item) => setDialog({ kind: 'history', item }),
    onRemove: (item) => setDialog({ kind: 'remove', item }),
  };

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
        orgId={org.orgId}
        search={search}
        filter={filter}
        canExport={shown.length > 0}
        onSearch={setSearch}
        onFilter={setFilter}
        onTrouble={(text) => setMessage({ ok: false, text })}
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
            <UnsubscribeTable items={shown} busy={busy} actions={actions} />
          )}
        </>
      ) : null}
      {dialog?.kind === 'history' ? (
        <HistoryDialog item={dialog.item} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <RemoveDialog
          item={dialog.item}
          fieldLabels={labelsToUncheck(dialog.item.object, checks)}
          onConfirm={() => remove(dialog.item)}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </section>
  );
}
