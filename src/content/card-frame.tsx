import type { ComponentChildren } from 'preact';
import { t } from '../ui/i18n';

/**
 * The card's outside: its title bar with the fold button, and its body unless folded, so that
 * it never stays over a Salesforce control the rep needs.
 */
export function CardFrame({
  recordId,
  status,
  folded,
  onFold,
  children,
}: {
  recordId: string;
  status: string;
  folded: boolean;
  onFold: (folded: boolean) => void;
  children: ComponentChildren;
}) {
  const foldLabel = folded ? t('actionShowCard') : t('actionHideCard');
  return (
    <section
      class={folded ? 'card folded' : 'card'}
      aria-label={t('extName')}
      data-record-id={recordId}
      data-status={status}
    >
      <div class="title-row">
        <p class="title">{t('extName')}</p>
        <button
          type="button"
          class="fold"
          aria-expanded={!folded}
          aria-label={foldLabel}
          title={foldLabel}
          onClick={() => onFold(!folded)}
        >
          {folded ? '+' : '–'}
        </button>
      </div>
      {folded ? null : children}
    </section>
  );
}
