import { grantedRealms, OPTIONAL_REALMS, realmOrigins } from '../lib/salesforce-hosts';
import type { ContentScriptRegistry, RuntimeContentScript } from './extension-api';

/**
 * The content script on the optional realms (Government Cloud, the MCAS proxy). The manifest's
 * `content_scripts` covers the commercial hosts only, so on a realm the rep granted from the
 * options page the worker registers the same built script for that realm's hosts
 * (`scripting.registerContentScripts`), and takes it away when the grant is removed. The
 * registrations persist across browser restarts, but an update of the extension renames the built
 * file, so every worker start (and every grant or removal) brings them in line with the grants.
 */

const PREFIX = 'realm-';

/** The registrations the grants call for: one per granted realm, the manifest's script. */
export function wantedRealmScripts(
  grantedOrigins: readonly string[],
  js: readonly string[],
): RuntimeContentScript[] {
  if (js.length === 0) return [];
  const granted = grantedRealms(grantedOrigins);
  return OPTIONAL_REALMS.filter((realm) => granted.includes(realm.id)).map((realm) => ({
    id: PREFIX + realm.id,
    matches: realmOrigins(realm),
    js,
  }));
}

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((value, i) => value === b[i]);

/** Registers, replaces or removes realm scripts so that they are exactly the wanted ones. */
export async function syncRealmScripts(registry: ContentScriptRegistry): Promise<void> {
  const wanted = wantedRealmScripts(await registry.grantedOrigins(), registry.contentScriptFiles());
  const current = (await registry.registered()).filter((s) => s.id.startsWith(PREFIX));
  const keep = (script: RuntimeContentScript): boolean =>
    wanted.some(
      (w) => w.id === script.id && same(w.matches, script.matches) && same(w.js, script.js),
    );
  const stale = current.filter((script) => !keep(script)).map((script) => script.id);
  if (stale.length > 0) await registry.unregister(stale);
  const missing = wanted.filter(
    (w) => !current.some((script) => script.id === w.id && keep(script)),
  );
  if (missing.length > 0) await registry.register(missing);
}

let running: Promise<void> = Promise.resolve();

/** One sync at a time: a grant arriving during a start's sync waits for it, then syncs again. */
export function queueRealmSync(registry: ContentScriptRegistry): Promise<void> {
  running = running.then(
    () => syncRealmScripts(registry),
    () => syncRealmScripts(registry),
  );
  return running;
}
