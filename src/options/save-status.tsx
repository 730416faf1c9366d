import { t } from '../ui/i18n';

export type SaveState =
  | { readonly state: 'idle' }
  | { readonly state: 'saving' }
  | { readonly state: 'saved' }
  | { readonly state: 'error'; readonly text: string };

/** Whether a change is saved, announced to screen readers as it happens. */
export function SaveStatus({ save }: { save: SaveState }) {
  return (
    <p class={`save-status ${save.state === 'error' ? 'error' : 'muted'}`} role="status">
      {save.state === 'saving' ? t('optSaving') : null}
      {save.state === 'saved' ? t('optSaved') : null}
      {save.state === 'error' ? save.text : null}
    </p>
  );
}
