import puppeteer, { type Browser } from 'puppeteer-core';
import { GECKO_ID } from '../../build/firefox-manifest';
import { startHostProxy, type HostProxy } from './host-proxy';

/** How this project starts Debian's Firefox ESR: never a downloaded browser. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const DIST_FIREFOX = new URL('../../dist-firefox/', import.meta.url).pathname;

/**
 * The add-on's internal UUID, fixed through the profile (`extensions.webextensions.uuids`), so its
 * pages' `moz-extension://` URLs are known without about:debugging, which automation cannot open.
 */
export const FIREFOX_EXTENSION_UUID = '6f1c8e2a-0c1d-4a57-9a4e-1e2f3a4b5c6d';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

export interface FirefoxLaunch {
  readonly browser: Browser;
  readonly proxy: HostProxy;
}

/**
 * Starts Firefox ESR through WebDriver BiDi with the Firefox build installed as a temporary
 * add-on. The Salesforce host names reach the emulator through a CONNECT proxy (`host-proxy.ts`);
 * the emulator's self-signed certificate is accepted for the session (`acceptInsecureCerts`, which
 * covers the add-on's own fetches too). `--remote-allow-system-access`: Firefox 153 lets
 * automation navigate to `moz-extension://` pages only with it. `backgroundIdleMs` shortens the
 * time Firefox lets the event page sit idle before suspending it (30 s by default), for a test of
 * what survives a suspension.
 */
export async function launchFirefox(
  emulatorPort: number,
  { backgroundIdleMs }: { backgroundIdleMs?: number } = {},
): Promise<FirefoxLaunch> {
  const proxy = await startHostProxy(emulatorPort);
  try {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      acceptInsecureCerts: true,
      args: ['--remote-allow-system-access'],
      defaultViewport: { width: 1280, height: 800 },
      extraPrefsFirefox: {
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.allow_hijacking_localhost': true,
        'network.proxy.no_proxies_on': '',
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
        ...(backgroundIdleMs ? { 'extensions.background.idle.timeout': backgroundIdleMs } : {}),
      },
    });
    await browser.installExtension(DIST_FIREFOX);
    return { browser, proxy };
  } catch (error) {
    await proxy.close();
    throw error;
  }
}
