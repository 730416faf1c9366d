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
 * A message is trusted only when it comes from this extension: one of its own pages, or its
 * content script running in a tab on a Salesforce page. Anything else is dropped unanswered.
 */
export function isTrustedSender(sender: SenderInfo, extensionId: string): boolean {
  if (sender.id !== extensionId || typeof sender.url !== 'string') return false;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return false;
  }
  if (url.protocol === 'chrome-extension:') return url.hostname === extensionId;
  return (
    sender.tab !== undefined && url.protocol === 'https:' && isSalesforcePageHost(url.hostname)
  );
}

/** A message from one of the extension's own pages (the options page), not a content script. */
export function isExtensionPage(sender: SenderInfo, extensionId: string): boolean {
  return (
    sender.id === extensionId &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(`chrome-extension://${extensionId}/`)
  );
}

/** Where a content script's message came from; null for an extension page (no tab). */
export function senderDocument({ tab, frameId, documentId }: SenderInfo): PageDocument | null {
  if (typeof tab?.id !== 'number' || typeof frameId !== 'number') return null;
  return { tabId: tab.id, frameId, ...(documentId ? { documentId } : {}) };
}
