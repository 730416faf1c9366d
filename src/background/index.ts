import './node-globals';
import browser, { type Runtime } from 'webextension-polyfill';
import { parseRequest } from '../lib/messages';
import { parseOptionsRequest } from '../lib/options-messages';
import { isExtensionPage, isTrustedSender } from '../lib/sender';
import { handle } from './handlers';
import { handleOptions } from './options-handlers';
import { flush, OUTBOX_ALARM } from './outbox';
import { onSessionRenewed } from './session';

// Returning undefined (not a Promise) for a message this worker does not handle leaves it to
// other listeners instead of answering it with nothing.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isTrustedSender(sender, browser.runtime.id)) return undefined;
  const request = parseRequest(message);
  if (request) return handle(request);
  // The options page's requests (settings, tokens, the whole list) only from the extension's own
  // pages, never from a content script.
  const options = isExtensionPage(sender, browser.runtime.id) ? parseOptionsRequest(message) : null;
  return options ? handleOptions(options) : undefined;
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === OUTBOX_ALARM) void flush({ retryAll: true });
});

onSessionRenewed((instanceUrl) => void flush({ renewedInstanceUrl: instanceUrl }));

// Every start of the worker resumes what a killed one left: sends in flight, retries due.
void flush();
