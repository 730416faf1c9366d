import browser from 'webextension-polyfill';
import type { PageDocument } from '../lib/sender';

/**
 * The one module that calls the extension APIs the background uses (apart from the entry point,
 * which registers the listeners). Everything else takes what it needs from here or, to stay
 * importable in Node (where webextension-polyfill throws on import), as a dependency typed by
 * the interfaces below.
 */

export interface ScheduledAlarm {
  readonly name: string;
  /** Milliseconds since the epoch. */
  readonly scheduledTime: number;
}

/** `when` for a one-shot alarm, `periodInMinutes` for a repeating one. */
export type AlarmSchedule = { readonly when: number } | { readonly periodInMinutes: number };

export interface Alarms {
  get(name: string): Promise<ScheduledAlarm | undefined>;
  create(name: string, schedule: AlarmSchedule): Promise<void>;
  clear(name: string): Promise<boolean>;
}

export const alarms: Alarms = {
  get: (name) => browser.alarms.get(name),
  create: (name, schedule) => browser.alarms.create(name, schedule),
  clear: (name) => browser.alarms.clear(name),
};

/**
 * Runs long work with the background kept from being stopped under it for at most `atMostMs`
 * (`keepAwake`).
 */
export type KeepAwake = <T>(atMostMs: number, work: () => Promise<T>) => Promise<T>;

/**
 * How often long work calls an extension API so that the browser does not stop the background
 * in the middle of it (a nightly run waits minutes for a Bulk job between polls; a request can
 * outlast the idle time). Chrome resets its service worker's 30 s idle timer on any extension
 * API call (Chrome 110+, "The extension service worker lifecycle"). Firefox resets its event
 * page's (`extensions.background.idle.timeout`, 30 s) on a call answered by the browser such as
 * `runtime.getPlatformInfo`, and not on `storage.local` writes, which stay in the page: measured
 * in Firefox ESR 153 on this project's machines, an event page with a 3 s idle time lived 10 s
 * and more calling it every second, and was suspended after 3 s writing `storage.local` alone.
 */
const AWAKE_CALL_MS = 20_000;
export const keepAwake: KeepAwake = async (atMostMs, work) => {
  // At once too: work that starts on a timer may begin late in the idle time.
  const call = () => void browser.runtime.getPlatformInfo().catch(() => undefined);
  call();
  const calls = setInterval(call, AWAKE_CALL_MS);
  // Past it, a request that hangs (Salesforce requests have no timeout of their own) is left to
  // the browser's idle rule, which stops the background as before; what was cut off resumes
  // from what was stored.
  const cap = setTimeout(() => clearInterval(calls), atMostMs);
  try {
    return await work();
  } finally {
    clearInterval(calls);
    clearTimeout(cap);
  }
};

/** What the administrator's policy put in managed storage; rejects outside a managed browser. */
export function readManagedStorage(): Promise<Record<string, unknown>> {
  return browser.storage.managed.get();
}

export function readSessionStorage(key: string): Promise<unknown> {
  return browser.storage.session.get(key).then((items) => items[key]);
}

export function writeSessionStorage(key: string, value: unknown): Promise<void> {
  return browser.storage.session.set({ [key]: value });
}

/** The value of a cookie for a URL, or null. */
export async function cookieValue(url: string, name: string): Promise<string | null> {
  return (await browser.cookies.get({ url, name }))?.value ?? null;
}

export interface BadgeLook {
  readonly text: string;
  readonly color: string;
  readonly title: string;
}

export async function setBadge({ text, color, title }: BadgeLook): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ color });
  await browser.action.setBadgeText({ text });
  await browser.action.setTitle({ title });
}

export function message(name: string): string {
  return browser.i18n.getMessage(name);
}

export function redirectUrl(): string {
  return browser.identity.getRedirectURL();
}

/** Opens the sign-in window; resolves with the URL the flow ended on. */
export function launchWebAuthFlow(url: string): Promise<string> {
  return browser.identity.launchWebAuthFlow({ url, interactive: true });
}

export function manifestVersion(): string {
  return browser.runtime.getManifest().version;
}

/**
 * Runs a function of the extension's own bundle (never code from elsewhere) in a page's own
 * JavaScript world, `MAIN`, in exactly the document a message came from, and resolves with what it
 * returned. The page's world could have shaped that value: check it before use. Rejects when the
 * document is gone or not one the host permissions cover.
 */
export async function runInPageWorld(page: PageDocument, func: () => unknown): Promise<unknown> {
  const target = page.documentId
    ? { tabId: page.tabId, documentIds: [page.documentId] }
    : { tabId: page.tabId, frameIds: [page.frameId] };
  const [injection] = await browser.scripting.executeScript({ target, world: 'MAIN', func });
  return injection?.result;
}

/** A content script registered at run time, as `scripting` reports it. */
export interface RuntimeContentScript {
  readonly id: string;
  readonly matches: readonly string[];
  readonly js: readonly string[];
}

/** What the registration of the content script on optional realms needs from the browser. */
export interface ContentScriptRegistry {
  /** The host patterns the extension holds now, default and granted. */
  grantedOrigins(): Promise<string[]>;
  registered(): Promise<RuntimeContentScript[]>;
  register(scripts: readonly RuntimeContentScript[]): Promise<void>;
  unregister(ids: readonly string[]): Promise<void>;
  /** The built content script's files, as the manifest names them (they change every build). */
  contentScriptFiles(): string[];
}

export const contentScriptRegistry: ContentScriptRegistry = {
  grantedOrigins: async () => (await browser.permissions.getAll()).origins ?? [],
  registered: async () =>
    (await browser.scripting.getRegisteredContentScripts()).map((script) => ({
      id: script.id,
      matches: script.matches ?? [],
      js: script.js ?? [],
    })),
  register: (scripts) =>
    browser.scripting.registerContentScripts(
      scripts.map((script) => ({
        id: script.id,
        matches: [...script.matches],
        js: [...script.js],
        runAt: 'document_idle',
        // Kept through browser restarts; re-checked at every worker start all the same.
        persistAcrossSessions: true,
      })),
    ),
  unregister: (ids) => browser.scripting.unregisterContentScripts({ ids: [...ids] }),
  contentScriptFiles: () => browser.runtime.getManifest().content_scripts?.[0]?.js ?? [],
};
