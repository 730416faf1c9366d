import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GECKO_ID } from '../../build/firefox-manifest';
import type { BrowserName } from './browser-under-test';
import { CHROME_EXTENSION_ID } from './extension';

/**
 * Where each browser reads machine policies, and how an extension's managed settings sit in them
 * (both need root, as CI has):
 * - Debian's Chromium: any JSON file in /etc/chromium/policies/managed, the settings under
 *   `3rdparty.extensions.<Id>` (checked against the manifest's `managed_schema.json`);
 * - Firefox: /etc/firefox/policies/policies.json (one file, which also Debian's firefox-esr
 *   reads), the settings under `policies.3rdparty.Extensions.<add-on id>`; `storage.managed`
 *   answers from there.
 */
const PLACES: Readonly<
  Record<
    BrowserName,
    {
      file: string;
      /** The file is the machine's, not the tests' own: one already there is not replaced. */
      shared: boolean;
      content: (settings: object) => object;
    }
  >
> = {
  chromium: {
    file: '/etc/chromium/policies/managed/unsubscribe-sync-e2e.json',
    shared: false,
    content: (settings) => ({ '3rdparty': { extensions: { [CHROME_EXTENSION_ID]: settings } } }),
  },
  firefox: {
    file: '/etc/firefox/policies/policies.json',
    shared: true,
    content: (settings) => ({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: settings } } } }),
  },
};

/** A browser's machine policy file for the extension's managed settings, written by a test. */
export interface MachinePolicy {
  /** Writes the settings; the browser reads them when it starts. */
  write(settings: object): void;
  /** Removes the file and any folder made for it. */
  remove(): void;
}

/**
 * The policy file of a browser, or why a test cannot write it (not root, or a policy file of the
 * machine's own already there, which a test must not replace). Nothing is made until `write`.
 */
export function machinePolicy(browser: BrowserName): MachinePolicy | { skipped: string } {
  const { file, shared, content } = PLACES[browser];
  if (shared && existsSync(file)) return { skipped: `${file} exists already and is left alone` };
  const missing: string[] = [];
  let existing = dirname(file);
  for (; !existsSync(existing); existing = dirname(existing)) missing.unshift(existing);
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    return { skipped: `${existing} cannot be written by this user (run as root, as CI does)` };
  }
  return {
    write(settings) {
      for (const dir of missing) mkdirSync(dir);
      writeFileSync(file, JSON.stringify(content(settings)));
    },
    remove() {
      rmSync(file, { force: true });
      for (const dir of [...missing].reverse()) rmSync(dir, { recursive: true, force: true });
    },
  };
}
