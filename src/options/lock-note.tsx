import { t } from '../ui/i18n';

/** Says that a setting is fixed by the organization's administrator (managed storage). */
export function LockNote({ id }: { id?: string }) {
  return (
    <span class="lock-note" id={id}>
      <span aria-hidden="true">🔒 </span>
      {t('optLocked')}
    </span>
  );
}
