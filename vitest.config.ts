import { defineConfig } from 'vitest/config';
import { jsforceFetchRejection } from './build/jsforce-fetch-rejection.ts';

export default defineConfig({
  plugins: [jsforceFetchRejection()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // jsforce's browser transport is transformed (and patched) like in the extension build.
          server: { deps: { inline: [/jsforce[\\/]browser/] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          setupFiles: ['test/setup/emulator-tls.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles: ['test/setup/emulator-tls.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // Chromium, the extension and the emulator answer within a few seconds on a loaded
          // machine; a poll only waits that long when something is wrong.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
