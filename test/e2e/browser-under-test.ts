import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { Emulator } from '../emulator/index';
import { launchExtension } from './extension';
import { FIREFOX_EXTENSION_ORIGIN, launchFirefox } from './firefox';
import { card as cardLocator } from './org-pages';

/**
 * One browser with the extension, as the scenarios that run in both drive it: Chromium through
 * Playwright (CDP), Firefox ESR through puppeteer-core (WebDriver BiDi). Each method does what a
 * person or the browser itself would do; the two implementations differ only in how.
 */
export type BrowserName = 'chromium' | 'firefox';

export const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox'];

/** What the card on a Salesforce page shows. */
export interface CardSeen {
  readonly status: string | null;
  readonly recordId: string | null;
  readonly text: string;
  /** The labels of its buttons. */
  readonly buttons: readonly string[];
}

/** Reads the card in the page; self-contained, as it is sent to the page to run there. */
const seeCard = (el: Element): CardSeen => ({
  status: el.getAttribute('data-status'),
  recordId: el.getAttribute('data-record-id'),
  text: el.textContent ?? '',
  buttons: [...el.querySelectorAll('button')].map((b) => b.textContent?.trim() ?? ''),
});

export interface TabUnderTest {
  goto(url: string): Promise<void>;
  /** The address the page itself reports (it follows in-app navigation). */
  location(): Promise<string>;
  /** Clicks, as a person does, the first element matching `css` (and reading `text`). */
  click(css: string, text?: string): Promise<void>;
  /** The extension's card on this page, or null while there is none. */
  card(): Promise<CardSeen | null>;
  /** Clicks the card's button with this label, as a person does. */
  clickCardButton(label: string): Promise<void>;
  /** Runs a function in the page (the extension's APIs are there on its own pages). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Back through the browser's history. */
  back(): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserUnderTest {
  readonly name: BrowserName;
  newTab(): Promise<TabUnderTest>;
  /** One of the extension's own pages, e.g. `src/options/index.html`. */
  openExtensionPage(path: string): Promise<TabUnderTest>;
  /** Forgets every cookie, as a rep signing out of everything does. */
  clearCookies(): Promise<void>;
  /** A tab or window the browser opens by itself (Connect's sign-in), once it shows `urlPart`. */
  waitForTab(urlPart: string): Promise<TabUnderTest>;
  /**
   * The extension's background stops, as the browser stops it when idle: Chromium's service
   * worker through DevTools; Firefox's event page by its own idle suspension, which automation
   * cannot trigger: launched with a short `backgroundIdleMs`, this waits past it.
   */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserLaunch {
  /** Firefox only: the event page's idle time before suspension (ms). */
  readonly backgroundIdleMs?: number;
}

const exactText = (text: string) =>
  new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

function chromiumTab(page: PlaywrightPage): TabUnderTest {
  return {
    goto: async (url) => {
      await page.goto(url);
    },
    location: () => Promise.resolve(page.url()),
    click: (css, text) =>
      page
        .locator(css, text === undefined ? {} : { hasText: exactText(text) })
        .first()
        .click(),
    async card() {
      const shown = cardLocator(page);
      return (await shown.count()) === 0 ? null : shown.evaluate(seeCard);
    },
    clickCardButton: (label) =>
      cardLocator(page).getByRole('button', { name: label, exact: true }).click(),
    // Playwright types its argument through its own serialisation; the scenarios pass plain data.
    evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => never, arg),
    back: async () => {
      await page.goBack();
    },
    screenshot: async (path) => {
      await page.screenshot({ path });
    },
    close: () => page.close(),
  };
}

async function launchChromiumUnderTest(emu: Emulator): Promise<BrowserUnderTest> {
  const ext = await launchExtension(emu.port);
  return {
    name: 'chromium',
    newTab: async () => chromiumTab(await ext.context.newPage()),
    openExtensionPage: async (path) => chromiumTab(await ext.openExtensionPage(path)),
    clearCookies: () => ext.context.clearCookies(),
    async waitForTab(urlPart) {
      const page =
        ext.context.pages().find((p) => p.url().includes(urlPart)) ??
        (await ext.context.waitForEvent('page', { predicate: (p) => p.url().includes(urlPart) }));
      await page.waitForLoadState();
      return chromiumTab(page);
    },
    stopBackground: () => ext.stopWorker(),
    close: () => ext.close(),
  };
}

/** The card's element in Firefox: puppeteer's `>>>` enters its open shadow root. */
const FIREFOX_CARD = 'unsubscribe-sync-widget >>> section.card';

function firefoxTab(page: PuppeteerPage): TabUnderTest {
  const byText = async (css: string, text?: string) => {
    // As Playwright's locators do: the element may come with the next render or page.
    await page.waitForSelector(css, { timeout: 15_000 });
    for (const handle of await page.$$(css)) {
      if (text === undefined) return handle;
      if (await handle.evaluate((el, t) => el.textContent?.trim() === t, text)) return handle;
    }
    throw new Error(`no ${css} ${text === undefined ? 'on the page' : `reads "${text}"`}`);
  };
  return {
    async goto(url) {
      if (!url.startsWith('moz-extension:')) {
        await page.goto(url);
        return;
      }
      // BiDi reports no load for an extension page: the page itself says when it is there (an
      // evaluation that meets the navigation half-way fails, and is asked again).
      page.goto(url, { timeout: 5_000 }).catch(() => undefined);
      const there = () =>
        page
          .evaluate((u) => location.href === u && document.readyState === 'complete', url)
          .catch(() => false);
      for (const deadline = Date.now() + 15_000; !(await there());) {
        if (Date.now() > deadline) throw new Error(`${url} did not load`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    location: () => page.evaluate(() => location.href),
    click: async (css, text) => (await byText(css, text)).click(),
    async card() {
      const shown = await page.$(FIREFOX_CARD);
      return shown ? shown.evaluate(seeCard) : null;
    },
    clickCardButton: async (label) => (await byText(`${FIREFOX_CARD} button`, label)).click(),
    // puppeteer types its argument through its handles; the scenarios pass plain data.
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
      page.evaluate(fn as (a: unknown) => R, arg) as Promise<R>,
    // Same-document entries (Lightning's History API) report no navigation to wait for.
    back: () => page.evaluate(() => history.back()),
    screenshot: async (path) => {
      await page.screenshot({ path: path as `${string}.png` });
    },
    close: () => page.close(),
  };
}

async function launchFirefoxUnderTest(
  emu: Emulator,
  { backgroundIdleMs }: BrowserLaunch,
): Promise<BrowserUnderTest> {
  const { browser, proxy } = await launchFirefox(emu.port, { backgroundIdleMs });
  return {
    name: 'firefox',
    newTab: async () => firefoxTab(await browser.newPage()),
    async openExtensionPage(path) {
      const tab = firefoxTab(await browser.newPage());
      await tab.goto(`${FIREFOX_EXTENSION_ORIGIN}/${path}`);
      return tab;
    },
    async clearCookies() {
      await browser.deleteCookie(...(await browser.cookies()));
    },
    async waitForTab(urlPart) {
      const target = await browser.waitForTarget((t) => t.url().includes(urlPart));
      const page = await target.page();
      if (!page) throw new Error(`the tab at ${target.url()} has no page`);
      await page.waitForFunction(() => document.readyState === 'complete');
      return firefoxTab(page);
    },
    async stopBackground() {
      if (!backgroundIdleMs) throw new Error('launch Firefox with backgroundIdleMs to stop it');
      await new Promise((resolve) => setTimeout(resolve, backgroundIdleMs + 2_000));
    },
    async close() {
      await browser.close();
      await proxy.close();
    },
  };
}

export function launchBrowserUnderTest(
  name: BrowserName,
  emu: Emulator,
  launch: BrowserLaunch = {},
): Promise<BrowserUnderTest> {
  return name === 'chromium' ? launchChromiumUnderTest(emu) : launchFirefoxUnderTest(emu, launch);
}
