import { render } from 'preact';
import { useState } from 'preact/hooks';
import { recordFromUrl } from '../lib/record-url';
import { WIDGET_CSS } from './styles';
import { watchUrl } from './url-changes';
import { Widget } from './widget';

/**
 * Mounts the widget in an open shadow root on Salesforce record pages and keeps it on the record
 * the URL names as the rep moves around Lightning; on any other page it renders nothing.
 */
const HOST_TAG = 'unsubscribe-sync-widget';

function mount(): ShadowRoot {
  const host = document.createElement(HOST_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = WIDGET_CSS;
  shadow.append(style);
  document.documentElement.append(host);
  return shadow;
}

const shadow = mount();
const container = document.createElement('div');
shadow.append(container);

/** Keeps the card folded or open as the rep moves from record to record. */
function Card({ url }: { url: string }) {
  const [folded, setFolded] = useState(false);
  const record = recordFromUrl(url);
  return record ? (
    <Widget key={record.id} record={record} pageUrl={url} folded={folded} onFold={setFolded} />
  ) : null;
}

watchUrl((url) => render(<Card url={url} />, container));
