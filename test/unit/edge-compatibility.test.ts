import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The same build runs in Microsoft Edge, which is Chromium but lacks some of Chrome's extension
 * APIs. Microsoft's list ("Supported APIs for Microsoft Edge extensions", section "Unsupported
 * APIs": https://learn.microsoft.com/microsoft-edge/extensions/developer-guide/api-support):
 * whole namespaces, and two methods of `identity` (Connect uses `launchWebAuthFlow`, which Edge
 * has). `identity.getProfileUserInfo` is there but returns no email or Id for an on-premises
 * Entra ID account, so it is ruled out as well.
 */
const EDGE_LACKS_NAMESPACES = [
  'audio',
  'certificateProvider',
  'devtools.recorder',
  'documentScan',
  'enterprise.deviceAttributes',
  'enterprise.networkingAttributes',
  'enterprise.platformKeys',
  'fileBrowserHandler',
  'fileSystemProvider',
  'gcm',
  'instanceID',
  'loginState',
  'platformKeys',
  'printing',
  'printingMetrics',
  'readingList',
  'vpnProvider',
  'wallpaper',
];
const EDGE_LACKS_METHODS = [
  'identity.getAccounts',
  'identity.getAuthToken',
  'identity.getProfileUserInfo',
];
/** Manifest keys Edge's store refuses or ignores: Chrome's update URL and getAuthToken's client. */
const EDGE_LACKS_MANIFEST_KEYS = ['update_url', 'oauth2'];

const REPO = new URL('../../', import.meta.url).pathname;
const dotted = (name: string): string => name.split('.').join(String.raw`\s*\.\s*`);
/** `chrome.gcm`, `browser.gcm.register`: a namespace through either global. */
const NAMESPACE_USE = new RegExp(
  String.raw`\b(?:chrome|browser)\s*\.\s*(?:${EDGE_LACKS_NAMESPACES.map(dotted).join('|')})\b`,
);
/** `identity.getAuthToken`, whichever object `identity` is reached through. */
const METHOD_USE = new RegExp(String.raw`\b(?:${EDGE_LACKS_METHODS.map(dotted).join('|')})\b`);

/** The lines of `code` that use an API Edge lacks. */
function edgeIncompatible(code: string): string[] {
  return code.split('\n').filter((line) => NAMESPACE_USE.test(line) || METHOD_USE.test(line));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|html)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

interface Manifest {
  permissions?: string[];
  optional_permissions?: string[];
  [key: string]: unknown;
}

describe('the extension runs in Microsoft Edge unchanged', () => {
  it('tells an Edge-less API from the ones Edge has', () => {
    expect(
      edgeIncompatible(
        [
          'await chrome.identity.getAuthToken({ interactive: true });',
          'browser.gcm.register(["1"]);',
          'const attrs = chrome.enterprise . deviceAttributes;',
          'const { identity } = browser; identity.getAccounts();',
          'await browser.identity.launchWebAuthFlow({ url, interactive: true });',
          'chrome.enterprise.hardwarePlatform.getHardwarePlatformInfo();',
          'browser.cookies.get({ url, name: "sid" });',
        ].join('\n'),
      ),
    ).toHaveLength(4);
  });

  it('uses none of the extension APIs Edge lacks in src/', () => {
    const files = sourceFiles(join(REPO, 'src'));
    expect(files.length).toBeGreaterThan(50);
    const uses = files.flatMap((file) =>
      edgeIncompatible(readFileSync(file, 'utf8')).map(
        (line) => `${relative(REPO, file)}: ${line.trim()}`,
      ),
    );
    expect(uses).toEqual([]);
  });

  it('asks for no permission and sets no manifest key that Edge lacks', () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'manifest.json'), 'utf8')) as Manifest;
    const permissions = [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])];
    expect(permissions.length).toBeGreaterThan(0);
    expect(permissions.filter((p) => EDGE_LACKS_NAMESPACES.includes(p))).toEqual([]);
    expect(EDGE_LACKS_MANIFEST_KEYS.filter((key) => key in manifest)).toEqual([]);
  });
});
