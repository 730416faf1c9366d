import { render } from 'preact';
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { recordFromUrl } from '../lib/record-url';
import { t } from '../ui/i18n';
import { mountHost } from './host';
import { ScriptContext } from './script-context';
import { UpdatedCard, type UpdatedWords } from './updated-card';
import { watchUrl } from './url-changes';
import { Widget } from './widget';

/**
 * Mounts the widget in an open shadow root on Salesforce record pages and keeps it on the record
 * the URL names as the rep moves around Lightning; on any other page it renders nothing. When the
 * extension is updated under the page, everything stops and the card says to reload the page.
 */
const ctx = new ScriptContext(() => browser.runtime.id !== undefined);
const updatedWords: UpdatedWords = {
  title: t('extName'),
  message: t('stateExtensionUpdated'),
  reload: t('actionReloadPage'),
};
const container = mountHost(ctx);

/** Keeps the card folded or open as the rep moves from record to record. */
function Card({ url }: { url: string }) {
  const [folded, setFolded] = useState(false);
  const record = recordFromUrl(url);
  return record ? (
    <Widget
      key={record.id}
      ctx={ctx}
      record={record}
      pageUrl={url}
      folded={folded}
      onFold={setFolded}
    />
  ) : null;
}

// The update notice takes the place of a card the rep sees, and appears nowhere else; a
// superseded copy's host is already gone, so it only unmounts, which runs the card's cleanups.
ctx.onEnd((reason) => {
  const cardShown = container.hasChildNodes();
  render(
    reason === 'extension-updated' && cardShown ? <UpdatedCard words={updatedWords} /> : null,
    container,
  );
});
watchUrl(ctx, (url) => render(<Card url={url} />, container));
