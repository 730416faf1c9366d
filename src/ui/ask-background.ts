import browser from 'webextension-polyfill';
import type { BackgroundMessage, ResponseOf } from '../lib/messages';

/** Sends a message to the service worker and types its answer by the message's type. */
export function askBackground<M extends BackgroundMessage>(
  message: M,
): Promise<ResponseOf[M['type']]> {
  return browser.runtime.sendMessage(message) as Promise<ResponseOf[M['type']]>;
}
