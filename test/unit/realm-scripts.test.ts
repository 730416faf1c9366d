import { describe, expect, it } from 'vitest';
import type {
  ContentScriptRegistry,
  RuntimeContentScript,
} from '../../src/background/extension-api';
import { syncRealmScripts, wantedRealmScripts } from '../../src/background/realm-scripts';

const DEFAULT = ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'];
const GOV = ['https://*.lightning.crmforce.mil/*', 'https://*.my.salesforce.mil/*'];
const MCAS = ['https://*.lightning.force.com.mcas.ms/*', 'https://*.my.salesforce.com.mcas.ms/*'];

function fakeRegistry(origins: string[], js: string[], scripts: RuntimeContentScript[] = []) {
  const calls: string[] = [];
  const registry: ContentScriptRegistry & { scripts: RuntimeContentScript[] } = {
    scripts,
    grantedOrigins: () => Promise.resolve(origins),
    registered: () => Promise.resolve([...registry.scripts]),
    register(added) {
      calls.push(`register ${added.map((s) => s.id).join(',')}`);
      registry.scripts.push(...added);
      return Promise.resolve();
    },
    unregister(ids) {
      calls.push(`unregister ${ids.join(',')}`);
      registry.scripts = registry.scripts.filter((s) => !ids.includes(s.id));
      return Promise.resolve();
    },
    contentScriptFiles: () => js,
  };
  return { registry, calls };
}

describe('the content script on optional realms', () => {
  it('wants one registration per realm whose hosts are both granted, nothing for the default', () => {
    expect(wantedRealmScripts(DEFAULT, ['a.js'])).toEqual([]);
    expect(wantedRealmScripts([...DEFAULT, GOV[0] ?? ''], ['a.js'])).toEqual([]);
    expect(wantedRealmScripts([...DEFAULT, ...GOV, ...MCAS], ['a.js'])).toEqual([
      { id: 'realm-government', matches: GOV, js: ['a.js'] },
      { id: 'realm-mcas', matches: MCAS, js: ['a.js'] },
    ]);
    expect(wantedRealmScripts([...GOV], [])).toEqual([]);
  });

  it('registers a new grant, keeps what is right, and follows a rename and a removal', async () => {
    const { registry, calls } = fakeRegistry([...DEFAULT, ...GOV], ['v1.js']);
    await syncRealmScripts(registry);
    await syncRealmScripts(registry);
    expect(calls).toEqual(['register realm-government']);

    // An update renames the built file: the registration is replaced.
    const renamed = fakeRegistry([...DEFAULT, ...GOV], ['v2.js'], registry.scripts);
    await syncRealmScripts(renamed.registry);
    expect(renamed.calls).toEqual(['unregister realm-government', 'register realm-government']);
    expect(renamed.registry.scripts).toEqual([
      { id: 'realm-government', matches: GOV, js: ['v2.js'] },
    ]);

    // The grant taken back: the script goes; another extension's id prefix is left alone.
    const other = { id: 'something-else', matches: ['https://x.example/*'], js: ['v2.js'] };
    const removed = fakeRegistry(DEFAULT, ['v2.js'], [...renamed.registry.scripts, other]);
    await syncRealmScripts(removed.registry);
    expect(removed.calls).toEqual(['unregister realm-government']);
    expect(removed.registry.scripts).toEqual([other]);
  });
});
