import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIST } from './extension';

interface BuiltManifest {
  manifest_version: number;
  key?: string;
  background?: { service_worker?: string; type?: string };
  content_scripts?: { matches: string[]; js: string[] }[];
  options_ui?: { page: string };
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  web_accessible_resources?: unknown;
}

const manifest = JSON.parse(readFileSync(`${DIST}manifest.json`, 'utf8')) as BuiltManifest;
const SALESFORCE_HOSTS = ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'];

describe('dist/manifest.json', () => {
  it('is MV3 with a module service worker, an options page and a stable key', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background?.service_worker).toMatch(/\.js$/);
    expect(manifest.background?.type).toBe('module');
    expect(manifest.options_ui?.page).toBe('src/options/index.html');
    expect(manifest.key).toMatch(/^MIIB/);
  });

  it('runs one self-contained content script on the Salesforce hosts only', () => {
    expect(manifest.content_scripts).toHaveLength(1);
    const [script] = manifest.content_scripts ?? [];
    expect([...(script?.matches ?? [])].sort()).toEqual(SALESFORCE_HOSTS);
    const code = readFileSync(`${DIST}${script?.js[0]}`, 'utf8');
    expect(code).not.toMatch(/\bimport\s*\(|^import\s/m);
  });

  it('asks for the least it needs and exposes nothing to Salesforce pages', () => {
    // The page hosts, plus the two login hosts Connect (OAuth) talks to.
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual([
      ...SALESFORCE_HOSTS,
      'https://login.salesforce.com/*',
      'https://test.salesforce.com/*',
    ]);
    expect([...(manifest.permissions ?? [])].sort()).toEqual([
      'alarms',
      'cookies',
      'identity',
      // registerContentScripts for a realm granted later, and executeScript of the bundled
      // force:refreshView call into the Salesforce page a card sent its request from (the push is
      // no gesture on the action, so activeTab would not cover it); no install warning of its own.
      'scripting',
      'storage',
    ]);
    expect(manifest.web_accessible_resources).toBeUndefined();
  });

  it('asks for the other realms only as optional hosts, so the install prompt says Salesforce only', () => {
    // Government Cloud and the Microsoft Defender for Cloud Apps proxy: granted on the options
    // page, never at install (the default host permissions above did not grow).
    expect(manifest.optional_host_permissions).toEqual([
      'https://*.lightning.crmforce.mil/*',
      'https://*.my.salesforce.mil/*',
      'https://*.lightning.force.com.mcas.ms/*',
      'https://*.my.salesforce.com.mcas.ms/*',
    ]);
    expect(manifest.host_permissions).toHaveLength(4);
    for (const host of manifest.host_permissions ?? []) expect(host).toMatch(/\.com\/\*$/);
  });
});
