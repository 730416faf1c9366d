import './node-globals';
import browser, { type Runtime } from 'webextension-polyfill';
import { parseRequest } from '../lib/messages';
import { isTrustedSender } from '../lib/sender';
import { handle } from './handlers';
import { flush, OUTBOX_ALARM } from './outbox';
import { onSessionRenewed } from './session';

// Returning undefined (not a Promise) for a message this worker does not handle leaves it to
// other listeners instead of answering it with nothing.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isTrustedSender(sender, browser.runtime.id)) return undefined;
  const request = parseRequest(message);
  return request ? handle(request) : undefined;
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === OUTBOX_ALARM) void flush({ retryAll: true });
});

onSessionRenewed((instanceUrl) => void flush({ renewedInstanceUrl: instanceUrl }));

// Every start of the worker resumes what a killed one left: sends in flight, retries due.
void flush();
