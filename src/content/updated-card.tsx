/**
 * The card's words for an extension that was updated under the page. They are read while the
 * context is still valid: afterwards even `i18n.getMessage` throws.
 */
export interface UpdatedWords {
  readonly title: string;
  readonly message: string;
  readonly reload: string;
}

/**
 * What an orphaned copy of the script shows in place of the card: the extension behind it is
 * gone, so nothing on it could work, and only a page load brings in the new version.
 */
export function UpdatedCard({ words }: { words: UpdatedWords }) {
  return (
    <section class="card" aria-label={words.title} data-status="extension-updated">
      <p class="title">{words.title}</p>
      <p class="state" role="status">
        {words.message}
      </p>
      <button type="button" onClick={() => location.reload()}>
        {words.reload}
      </button>
    </section>
  );
}
