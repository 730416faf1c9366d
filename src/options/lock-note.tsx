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

/** A fieldset's legend, with the lock note when the administrator fixed what it groups. */
export function LockableLegend({ text, locked }: { text: string; locked: boolean }) {
  return (
    <legend>
      {text}
      {locked ? (
        <>
          {' '}
          <LockNote />
        </>
      ) : null}
    </legend>
  );
}
