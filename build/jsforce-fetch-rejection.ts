import type { Plugin } from 'vite';

/**
 * jsforce's browser transport (3.10.16 through at least 3.10.26) starts its fetch from an async
 * function whose promise nobody handles: a network-level failure (refused, DNS, TLS, offline)
 * becomes an unhandled rejection and the request's stream never ends, so `conn.query()` hangs
 * forever. This rewrites that one call so the rejection reaches the stream's `error` event, which
 * jsforce already turns into a rejected request. The build fails if jsforce changes the line, so a
 * jsforce upgrade cannot silently drop the fix.
 */
const TARGET = /jsforce[\\/]browser[\\/]browser[\\/]request\.js$/;
const UNHANDLED_CALL = 'startFetchRequest(req, options, input, output, stream);';
const ROUTED_CALL =
  "startFetchRequest(req, options, input, output, stream).catch(function (err) { stream.emit('error', err); });";

export function patchJsforceRequest(code: string): string {
  const occurrences = code.split(UNHANDLED_CALL).length - 1;
  if (occurrences !== 1) {
    throw new Error(
      `jsforce-fetch-rejection: expected the line "${UNHANDLED_CALL}" exactly once in jsforce's ` +
        `browser request.js, found ${occurrences}. jsforce changed: re-check its network-failure handling.`,
    );
  }
  return code.replace(UNHANDLED_CALL, ROUTED_CALL);
}

export function jsforceFetchRejection(): Plugin {
  let patched = false;
  return {
    name: 'jsforce-fetch-rejection',
    enforce: 'pre',
    transform(code, id) {
      if (!TARGET.test(id.split('?')[0] ?? id)) return null;
      patched = true;
      return { code: patchJsforceRequest(code), map: null };
    },
    buildEnd(error) {
      // In a production build the service worker always bundles jsforce's browser transport;
      // if the transform never saw it, the fix is not in the bundle.
      if (!error && this.environment?.config.command === 'build' && !patched) {
        this.error('jsforce-fetch-rejection: jsforce browser request.js was never transformed');
      }
    },
  };
}
