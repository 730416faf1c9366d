import './node-globals';
import browser, { type Runtime } from 'webextension-polyfill';
import { parseRequest } from '../lib/messages';
import { parseOptionsRequest } from '../lib/options-messages';
import { isExtensionPage, isTrustedSender } from '../lib/sender';
import { dispatch } from './handlers';
import { dispatchOptions } from './options-handlers';
import {
  ensureNightlySchedule,
  NIGHTLY_ALARM,
  RESUME_ALARM,
  resumeCutOffRuns,
  resumeWaitingRuns,
  runNightly,
} from './nightly';
import { flush, OUTBOX_ALARM } from './outbox';
import { managedPolicy } from './policy';
import { onSessionRenewed } from './session';

// Returning undefined (not a Promise) for a message this worker does not handle leaves it to
// other listeners instead of answering it with nothing.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isTrustedSender(sender, browser.runtime.id)) return undefined;
  const request = parseRequest(message);
  if (request) return dispatch(request);
  // The options page's requests (settings, tokens, the whole list) only from the extension's own
  // pages, never from a content script.
  const options = isExtensionPage(sender, browser.runtime.id) ? parseOptionsRequest(message) : null;
  return options ? dispatchOptions(options) : undefined;
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === OUTBOX_ALARM) void flush({ retryAll: true });
  if (alarm.name === NIGHTLY_ALARM) void runNightly('schedule');
  if (alarm.name === RESUME_ALARM) void resumeCutOffRuns();
});

onSessionRenewed((instanceUrl) => {
  void flush({ renewedInstanceUrl: instanceUrl });
  // A nightly run waiting for a sign-in goes on now.
  void resumeWaitingRuns(instanceUrl);
});

browser.runtime.onInstalled.addListener(() => void ensureNightlySchedule());
browser.runtime.onStartup.addListener(() => void ensureNightlySchedule());

// Every start of the worker resumes what a killed one left: sends in flight, retries due, a
// nightly run cut off mid-way or missed while the browser was closed.
void managedPolicy();
void flush();
void ensureNightlySchedule();
