/**
 * What Chromium throws at a content script whose extension was reloaded, updated, disabled or
 * removed: the script keeps running in the page, but every extension API it calls
 * (`runtime.sendMessage`, `runtime.connect`, `i18n.getMessage`, `storage.*`) throws, synchronously,
 * `Error('Extension context invalidated.')` (seen in Debian Chromium 156), and `runtime.id` reads
 * as `undefined`.
 */
const INVALIDATED = /extension context invalidated/i;

/** Whether an error thrown by an extension API means this copy of the script is orphaned. */
export function isContextInvalidated(error: unknown): boolean {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return INVALIDATED.test(message);
}
