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
      'storage',
    ]);
    expect(manifest.web_accessible_resources).toBeUndefined();
  });
});
