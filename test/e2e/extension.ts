import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { hostResolverRules } from '../emulator/index';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export const DIST = new URL('../../dist/', import.meta.url).pathname;

/** The Chrome build's Id, which the manifest's public `key` gives wherever it is loaded from. */
export const CHROME_EXTENSION_ID = 'pkfoaobbgnkoehmgficncbgchdibapde';

/** The options page, as `openExtensionPage` takes it. */
export const OPTIONS_PAGE = 'src/options/index.html';

/** A message as the extension's pages send it to the service worker. */
export interface WorkerMessage {
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * Sends a message to the service worker from one of the extension's own pages, as the options page
 * does, and returns its answer (typed by the caller: the tests check what the worker says).
 */
export function ask<T>(page: Page, message: WorkerMessage): Promise<T> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m) as Promise<T>, message);
}

export interface LoadedExtension {
  readonly context: BrowserContext;
  readonly extensionId: string;
  /** The extension's service worker, checked to have really started. */
  worker(): Promise<Worker>;
  /** Opens one of the extension's own pages, e.g. `src/options/index.html`. */
  openExtensionPage(path: string): Promise<Page>;
  /** Stops the service worker through DevTools, as Chromium stops an idle one. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  readonly headless?: boolean;
  /**
   * A browser profile to start with and keep on close, to test what survives a browser restart;
   * by default a fresh profile that is deleted on close.
   */
  readonly profileDir?: string;
  /** The browser's UI language (Chromium's `--lang`), e.g. 'es': the extension's locale follows. */
  readonly locale?: string;
  /**
   * Developer mode on in the profile: Chromium (137+) disables, instead of reloading, an unpacked
   * extension that reloads itself while it is off, and a fresh profile has it off.
   */
  readonly developerMode?: boolean;
  /**
   * The unpacked extension to load, `dist/` by default; another build put in the same directory
   * and reloaded is an update in place.
   */
  readonly extensionDir?: string;
}

/**
 * Starts Debian's Chromium with the built extension loaded, unchanged, from `dist/` (or
 * `extensionDir`), and the real Salesforce host names mapped to the emulator, so the production
 * manifest's match patterns, cookies and fetches are the ones exercised.
 */
export async function launchExtension(
  emulatorPort: number,
  {
    headless = true,
    profileDir,
    locale,
    developerMode = false,
    extensionDir = DIST,
  }: LaunchOptions = {},
): Promise<LoadedExtension> {
  const userDataDir = profileDir ?? mkdtempSync(join(tmpdir(), 'unsubscribe-sync-e2e-'));
  const preferences = join(userDataDir, 'Default', 'Preferences');
  if (developerMode && !existsSync(preferences)) {
    mkdirSync(dirname(preferences), { recursive: true });
    writeFileSync(preferences, JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless,
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${hostResolverRules(emulatorPort)}`,
      // The emulator's certificate is self-signed; Playwright's ignoreHTTPSErrors does not cover
      // the extension's own fetches.
      '--ignore-certificate-errors',
      ...(locale ? [`--lang=${locale}`] : []),
    ],
    viewport: { width: 1280, height: 800 },
    // Dates and numbers follow navigator.language, which --lang alone leaves as it was.
    ...(locale ? { locale } : {}),
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).hostname;

  return {
    context,
    extensionId,
    async worker() {
      const current = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      // A worker that threw while loading is still listed, and still evaluates code: only its
      // registered listeners show that its script ran to the end.
      const started = await current.evaluate(() => chrome.runtime.onMessage.hasListeners());
      if (!started) throw new Error('the service worker did not finish loading its script');
      return current;
    },
    async openExtensionPage(path: string) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async stopWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    async close() {
      await context.close();
      if (!profileDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
