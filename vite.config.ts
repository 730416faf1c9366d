import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };
import { firefoxManifest } from './build/firefox-manifest.ts';
import { jsforceFetchRejection } from './build/jsforce-fetch-rejection.ts';

// `vite build` is the Chrome/Edge build in dist/; `vite build --mode firefox` (npm run
// build:firefox) the Firefox one in dist-firefox/, from the same sources: only the manifest differs.
export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  return {
    plugins: [
      jsforceFetchRejection(),
      preact(),
      firefox
        ? crx({ manifest: firefoxManifest(manifest), browser: 'firefox' })
        : crx({ manifest }),
    ],
    // jsforce's browser build still reaches for Node's `global` and imports Node built-ins: stream
    // (its request pipeline), timers (xml2js's setImmediate, at load) and querystring (OAuth token
    // requests). Without these the worker builds but dies at load.
    define: { global: 'globalThis' },
    resolve: {
      alias: {
        stream: 'readable-stream',
        timers: 'timers-browserify',
        querystring: 'querystring-es3',
      },
    },
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      target: firefox ? 'firefox128' : 'chrome120',
      sourcemap: true,
      // The service worker bundles jsforce (~140 KB gzip); the budget is watched by the
      // bundle-size report, not by Vite's generic warning.
      chunkSizeWarningLimit: 1024,
    },
  };
});
