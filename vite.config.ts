import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };
import { jsforceFetchRejection } from './build/jsforce-fetch-rejection.ts';

export default defineConfig({
  plugins: [jsforceFetchRejection(), preact(), crx({ manifest })],
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
    target: 'chrome120',
    sourcemap: true,
    // The service worker bundles jsforce (~140 KB gzip); the budget is watched by the
    // bundle-size report, not by Vite's generic warning.
    chunkSizeWarningLimit: 1024,
  },
});
