import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DIST } from './extension';
import { useHarness } from './harness';
import { card, SCREENSHOTS } from './org-pages';

/**
 * The extension reloaded under an open record page, as an update does: Chromium leaves the old
 * content script running in the page but cuts it off from the extension, and does not inject the
 * new one until the page loads again. The old card must stop everything it runs and say so.
 */

const UPDATED = 'Unsubscribe Sync was updated. Reload this page to use it.';
/** The English errorNetwork text, which a stale card used to show on a click. */
const NETWORK_ERROR = 'could not be reached';
const CONTENT_SCRIPT = 'src/content/main.iife.js';

const e2e = useHarness({
  org: {
    seed: 23,
    contacts: 12,
    leads: 2,
    personAccounts: 1,
    businessAccounts: 1,
    optedOutRate: 0,
  },
  developerMode: true,
});

const freshContact = (): string => e2e.records.take('Contact', 'subscribed').id;
const openRecord = (id: string): Promise<Page> => e2e.records.open(id, { until: 'unsubscribable' });

/** `chrome.runtime.reload()` in the service worker: what Chromium does for an update. */
async function reloadExtension(): Promise<void> {
  const worker = await e2e.ext.worker();
  const restarted = e2e.ext.context.waitForEvent('serviceworker');
  // The worker dies inside the call, so the evaluation itself never answers.
  worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
  await restarted;
}

/**
 * Remembers, from the page's main world, every text the card showed that names a network error.
 * The card's shadow root is open, so the page can watch it (the content script's own world
 * cannot be reached from here).
 */
async function recordNetworkErrors(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate((needle) => {
    const root = document.querySelector('unsubscribe-sync-widget')?.shadowRoot;
    const seen: string[] = [];
    (window as unknown as { networkErrors: string[] }).networkErrors = seen;
    if (!root) throw new Error('no card host');
    new MutationObserver(() => {
      const text = root.textContent ?? '';
      if (text.includes(needle)) seen.push(text);
    }).observe(root, { subtree: true, childList: true, characterData: true });
  }, NETWORK_ERROR);
  return () =>
    page.evaluate(() => (window as unknown as { networkErrors: string[] }).networkErrors);
}

interface TimerWatch {
  /** Timer callbacks run by scripts with this URL (suffix) since the last reset. */
  count(scriptUrl: string): number;
  reset(): void;
  /** The JavaScript context the content script runs in. */
  contentWorld(): number;
  readonly cdp: CDPSession;
  stop(): Promise<void>;
}

/**
 * Counts the timer callbacks (setTimeout, setInterval) that run on a page, by script, through
 * Chromium's instrumentation breakpoints: the debugger stops just before each timer callback,
 * the test notes whose script it is and resumes at once. This is the honest observation of "no
 * timer keeps running": it sees the content script's own isolated world, which neither the page
 * nor Playwright can reach, and it counts every timer, not only those that change the DOM.
 */
async function watchTimers(page: Page): Promise<TimerWatch> {
  const cdp = await e2e.ext.context.newCDPSession(page);
  const scripts = new Map<string, { url: string; context: number }>();
  let fired: string[] = [];
  cdp.on('Debugger.scriptParsed', (e) =>
    scripts.set(e.scriptId, { url: e.url, context: e.executionContextId }),
  );
  cdp.on('Debugger.paused', (e) => {
    const scriptId = e.callFrames[0]?.location.scriptId;
    fired.push(scriptId ? (scripts.get(scriptId)?.url ?? '') : '');
    cdp.send('Debugger.resume').catch(() => undefined);
  });
  await cdp.send('Debugger.enable');
  for (const eventName of ['setTimeout.callback', 'setInterval.callback']) {
    await cdp.send('EventBreakpoints.setInstrumentationBreakpoint', { eventName });
  }
  return {
    cdp,
    count: (scriptUrl) => fired.filter((url) => url.endsWith(scriptUrl)).length,
    reset: () => {
      fired = [];
    },
    contentWorld() {
      const script = [...scripts.values()].find((s) => s.url.endsWith(CONTENT_SCRIPT));
      if (!script) throw new Error('the content script is not on the page');
      return script.context;
    },
    async stop() {
      await cdp.send('Debugger.disable');
      await cdp.detach();
    },
  };
}

/** Three periods of the card's 1-second timers: long enough for any of them to show. */
const QUIET_MS = 3000;

describe('an extension update under an open record page', () => {
  it('stops the old card, timers and listeners included, and says to reload the page', async () => {
    const page = await openRecord(freshContact());
    const networkErrors = await recordNetworkErrors(page);
    await card(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect.poll(() => card(page).getAttribute('data-status')).toBe('confirmed');
    // The Undo window is open: the card ticks its clock every second, beside the URL watch.
    const timers = await watchTimers(page);
    await expect.poll(() => timers.count(CONTENT_SCRIPT)).toBeGreaterThan(1);

    await reloadExtension();
    await expect.poll(() => card(page).textContent()).toContain(UPDATED);
    await page.screenshot({ path: `${SCREENSHOTS}/widget-extension-updated.png` });
    // Ending the card lets its last effects run; after that, nothing of it may fire again.
    await page.waitForTimeout(300);
    timers.reset();
    await page.waitForTimeout(QUIET_MS);
    expect(timers.count(CONTENT_SCRIPT)).toBe(0);

    // An in-app navigation to another record: a live URL listener would paint a new card.
    const other = freshContact();
    await page.evaluate(
      (path) => history.pushState(null, '', path),
      `/lightning/r/Contact/${other}/view`,
    );
    await page.waitForTimeout(QUIET_MS);
    expect(await card(page).textContent()).toContain(UPDATED);
    expect(await card(page).getAttribute('data-record-id')).toBeNull();
    expect(timers.count(CONTENT_SCRIPT)).toBe(0);
    expect(await networkErrors()).toEqual([]);
    await timers.stop();

    // The card's own button loads the page again, with the new version's working card.
    await card(page).getByRole('button', { name: 'Reload page' }).click();
    await expect.poll(() => card(page).getAttribute('data-record-id')).toBe(other);
    await card(page).getByRole('button', { name: 'Unsubscribe' }).waitFor();
    expect(await page.locator('unsubscribe-sync-widget').count()).toBe(1);
    await page.close();
  });

  it('answers a click on the old card with the reload notice, not "network error"', async () => {
    const id = freshContact();
    const page = await openRecord(id);
    const networkErrors = await recordNetworkErrors(page);
    const timers = await watchTimers(page);
    const seq = e2e.emu.log.entries().at(-1)?.seq ?? 0;
    await reloadExtension();
    // Clicked from the content script's world the moment it is cut off, before its next
    // 1-second tick notices: so the click itself is what meets the invalidated context.
    await timers.cdp.send('Runtime.evaluate', {
      contextId: timers.contentWorld(),
      awaitPromise: true,
      expression: `new Promise((done) => {
        const look = () => {
          if (chrome.runtime.id !== undefined) return setTimeout(look, 2);
          const root = document.querySelector('unsubscribe-sync-widget').shadowRoot;
          const button = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Unsubscribe');
          button?.click();
          done(button !== undefined);
        };
        look();
      })`,
    });
    await expect.poll(() => card(page).textContent()).toContain(UPDATED);
    expect(await networkErrors()).toEqual([]);
    // Nothing reached Salesforce, and the record is untouched.
    expect(
      e2e.emu.log.entries({ afterSeq: seq }).filter((e) => e.path.startsWith('/services/')),
    ).toEqual([]);
    expect(e2e.emu.org.get(id)?.fields.HasOptedOutOfEmail).toBe(false);
    await timers.stop();
    await page.close();
  });

  it('lets a newer copy of the script take the page over: one card, and the old copy stops', async () => {
    const page = await openRecord(freshContact());
    const timers = await watchTimers(page);
    await expect.poll(() => timers.count(CONTENT_SCRIPT)).toBeGreaterThan(0);
    // The built script run a second time in the content script's world, as a second injection
    // would; its sourceURL tells its timers apart from the first copy's.
    const source = readFileSync(join(DIST, CONTENT_SCRIPT), 'utf8');
    await timers.cdp.send('Runtime.evaluate', {
      contextId: timers.contentWorld(),
      expression: `${source}\n//# sourceURL=second-copy.js`,
    });
    expect(await page.locator('unsubscribe-sync-widget').count()).toBe(1);
    await card(page).getByRole('button', { name: 'Unsubscribe' }).waitFor();
    await page.waitForTimeout(300);
    timers.reset();
    await page.waitForTimeout(QUIET_MS);
    expect(timers.count(CONTENT_SCRIPT)).toBe(0);
    expect(timers.count('second-copy.js')).toBeGreaterThan(1);
    await timers.stop();
    await page.close();
  });
});
