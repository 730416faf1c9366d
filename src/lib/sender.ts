import { isSalesforcePageHost } from './salesforce-hosts';

/** The parts of `runtime.MessageSender` that decide whether a message is trusted, and where from. */
export interface SenderInfo {
  readonly id?: string;
  readonly url?: string;
  readonly tab?: { readonly id?: number };
  readonly frameId?: number;
  readonly documentId?: string;
}

/** The page document a content script's message came from, as `scripting` targets it. */
export interface PageDocument {
  readonly tabId: number;
  readonly frameId: number;
  /** The document itself (Chrome 106+): a page loaded since the message left is never the one reached. */
  readonly documentId?: string;
}

/**
 * This extension as its messages' senders show it: `runtime.id` and where its own pages live
 * (`scheme://host` of `runtime.getURL('')`). The two differ in Firefox, where pages are served from
 * `moz-extension://<a per-profile UUID>` and the id is the manifest's gecko id; in Chromium the
 * origin is `chrome-extension://<id>`.
 */
export interface ExtensionSelf {
  readonly id: string;
  readonly origin: string;
}

/**
 * `scheme://host` of a URL. Not `URL.origin`: the WHATWG URL parser gives the opaque origin
 * "null" to schemes it does not know, such as `chrome-extension:` outside Chromium.
 */
export function schemeAndHost(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function senderUrl(sender: SenderInfo, self: ExtensionSelf): URL | null {
  if (sender.id !== self.id || typeof sender.url !== 'string') return null;
  try {
    return new URL(sender.url);
  } catch {
    return null;
  }
}

/**
 * A message is trusted only when it comes from this extension: one of its own pages, or its
 * content script running in a tab on a Salesforce page. Anything else is dropped unanswered.
 */
export function isTrustedSender(sender: SenderInfo, self: ExtensionSelf): boolean {
  const url = senderUrl(sender, self);
  if (!url) return false;
  if (url.protocol !== 'https:') return schemeAndHost(url) === self.origin;
  return sender.tab !== undefined && isSalesforcePageHost(url.hostname);
}

/** A message from one of the extension's own pages (the options page), not a content script. */
export function isExtensionPage(sender: SenderInfo, self: ExtensionSelf): boolean {
  const url = senderUrl(sender, self);
  return url !== null && schemeAndHost(url) === self.origin;
}

/** Where a content script's message came from; null for an extension page (no tab). */
export function senderDocument({ tab, frameId, documentId }: SenderInfo): PageDocument | null {
  if (typeof tab?.id !== 'number' || typeof frameId !== 'number') return null;
  return { tabId: tab.id, frameId, ...(documentId ? { documentId } : {}) };
}
