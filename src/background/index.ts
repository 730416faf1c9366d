import './node-globals';
import browser, { type Runtime } from 'webextension-polyfill';
import { parseRequest } from '../lib/messages';
import { parseOptionsRequest } from '../lib/options-messages';
import {
  isExtensionPage,
  isTrustedSender,
  schemeAndHost,
  senderDocument,
  type ExtensionSelf,
} from '../lib/sender';
import { dispatch } from './handlers';
import { contentScriptRegistry } from './extension-api';
import { dispatchOptions } from './options-handlers';
import { NIGHTLY_ALARM, RESUME_ALARM } from './nightly';
import { OUTBOX_ALARM } from './outbox';
import { managedPolicy, policyStorageChanged } from './policy';
import {
  ensureNightlySchedule,
  flush,
  resumeCutOffRuns,
  resumeWaitingRuns,
  runNightly,
} from './services';
import { queueRealmSync } from './realm-scripts';
import { renewedInstanceUrl } from './session';

// Every listener is registered here, synchronously at the worker's start: an MV3 worker woken by
// an event only gets it if a listener for it exists by the end of its first run.

const SELF: ExtensionSelf = {
  id: browser.runtime.id,
  origin: schemeAndHost(new URL(browser.runtime.getURL(''))),
};

// Returning undefined (not a Promise) for a message this worker does not handle leaves it to
// other listeners instead of answering it with nothing.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (!isTrustedSender(sender, SELF)) return undefined;
  const request = parseRequest(message);
  if (request) return dispatch(request, senderDocument(sender));
  // The options page's requests (settings, tokens, the whole list) only from the extension's own
  // pages, never from a content script.
  const options = isExtensionPage(sender, SELF) ? parseOptionsRequest(message) : null;
  return options ? dispatchOptions(options) : undefined;
});

/** What each of the worker's alarms does: the one place an alarm name meets its work. */
const ALARMS = {
  [OUTBOX_ALARM]: () => void flush({ retryAll: true }),
  [NIGHTLY_ALARM]: () => void runNightly('schedule'),
  [RESUME_ALARM]: () => void resumeCutOffRuns(),
} satisfies Record<string, () => void>;

function isKnownAlarm(name: string): name is keyof typeof ALARMS {
  return Object.hasOwn(ALARMS, name);
}

// An alarm of an older version's name (none today) is left alone.
browser.alarms.onAlarm.addListener((alarm) => {
  if (isKnownAlarm(alarm.name)) ALARMS[alarm.name]();
});

browser.cookies.onChanged.addListener((change) => {
  const instanceUrl = renewedInstanceUrl(change);
  if (!instanceUrl) return;
  void flush({ renewedInstanceUrl: instanceUrl });
  // A nightly run waiting for a sign-in goes on now.
  void resumeWaitingRuns(instanceUrl);
});

browser.storage.onChanged.addListener((_changes, area) => policyStorageChanged(area));

// A realm granted or taken back on the options page (or in chrome://extensions) moves the content
// script with it.
browser.permissions.onAdded.addListener(() => void queueRealmSync(contentScriptRegistry));
browser.permissions.onRemoved.addListener(() => void queueRealmSync(contentScriptRegistry));

browser.runtime.onInstalled.addListener(() => void ensureNightlySchedule());
browser.runtime.onStartup.addListener(() => void ensureNightlySchedule());

// Every start of the worker resumes what a killed one left: sends in flight, retries due, a
// nightly run cut off mid-way or missed while the browser was closed.
void managedPolicy();
void flush();
void ensureNightlySchedule();
void queueRealmSync(contentScriptRegistry);
