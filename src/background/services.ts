import { updateBadge } from './badge';
import { database } from './database';
import { alarms, keepAwake } from './extension-api';
import { createNightly } from './nightly';
import { orgContext } from './org-context';
import { createOutbox, type RetryTimer } from './outbox';
import { effectiveSettings, managedPolicy } from './policy';
import { exclusive } from './serial';

/**
 * The service worker's composition root: the one outbox and the one nightly schedule of this
 * worker's life, wired to the browser, IndexedDB and Salesforce. The entry point and the message
 * handlers use these; tests build their own over fakes and the emulator.
 */
const clock = () => Date.now();

let retryHandle: ReturnType<typeof setTimeout> | undefined;
const retryTimer: RetryTimer = {
  set(delayMs, run) {
    clearTimeout(retryHandle);
    retryHandle = setTimeout(() => void run(), delayMs);
  },
  clear: () => clearTimeout(retryHandle),
};

export const { flush } = createOutbox({
  database,
  orgContext,
  alarms,
  exclusive,
  keepAwake,
  now: clock,
  retryTimer,
  updateBadge,
});

export const {
  ensureNightlySchedule,
  runNightly,
  resumeCutOffRuns,
  resumeWaitingRuns,
  nightlyNextRunAt,
} = createNightly({
  database,
  orgContext,
  effectiveSettings,
  managedPolicy,
  flushOutbox: () => flush({ retryAll: true }),
  alarms,
  keepAwake,
  now: clock,
  updateBadge,
});
