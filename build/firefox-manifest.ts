/**
 * The one place where the Firefox build differs from the Chrome/Edge one: the manifest. Every
 * source file is shared; `vite build --mode firefox` passes `manifest.json` through this function
 * and crxjs (`browser: 'firefox'`) writes the background as `background.scripts`, since Firefox runs
 * an MV3 background as an event page, not a service worker
 * (https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/manifest.json/background).
 */

/**
 * The add-on's id in Firefox. It must never change: Firefox keys the add-on's storage, its signed
 * updates and an administrator's `policies.json` entry (`3rdparty.Extensions.<id>`) by it.
 */
export const GECKO_ID = 'unsubscribe-sync@unsubscribe-sync.dev';

/**
 * Firefox 128 (an ESR) is the first with everything the extension calls: `scripting.executeScript`
 * into the page's MAIN world (128), `storage.session` (115), and MV3 host permissions granted at
 * install instead of left for the user to switch on (127).
 */
export const GECKO_MIN_VERSION = '128.0';

/** The manifest fields this transform reads or drops; the rest passes through untouched. */
export interface ChromeManifest {
  readonly key?: string;
  readonly minimum_chrome_version?: string;
  readonly background?: { readonly service_worker: string; readonly type?: string };
  readonly storage?: { readonly managed_schema?: string };
  readonly [field: string]: unknown;
}

/** What Firefox's manifest has that Chrome's has not, or has in another shape. */
interface FirefoxFields {
  readonly background?: { readonly scripts: string[]; readonly type: 'module' };
  readonly browser_specific_settings: {
    readonly gecko: {
      readonly id: string;
      readonly strict_min_version: string;
      readonly data_collection_permissions: { readonly required: ['none'] };
    };
  };
}

/**
 * Drops what Firefox does not have: `key` pins the Chrome extension id, `minimum_chrome_version`
 * is Chrome's, and Firefox takes managed settings from policies.json without a schema file
 * (`storage.managed_schema`).
 */
export function firefoxManifest<M extends ChromeManifest>(
  manifest: M,
): Omit<M, 'key' | 'minimum_chrome_version' | 'storage' | 'background'> & FirefoxFields {
  const { key, minimum_chrome_version, storage, background, ...shared } = manifest;
  return {
    ...shared,
    ...(background
      ? { background: { scripts: [background.service_worker], type: 'module' as const } }
      : {}),
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: GECKO_MIN_VERSION,
        // What the add-on sends leaves the browser only for the rep's own Salesforce org, which
        // the rep signed in to: nothing is collected by us or any third party
        // (https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/).
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}
