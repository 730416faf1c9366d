import { build } from 'vite';

/**
 * Builds the extension once for the whole end-to-end run, exactly as `npm run build` and
 * `npm run build:firefox` do: Chromium loads `dist/`, Firefox `dist-firefox/`.
 */
export default async function setup(): Promise<void> {
  const configFile = new URL('../../vite.config.ts', import.meta.url).pathname;
  await build({ configFile, logLevel: 'warn' });
  await build({ configFile, mode: 'firefox', logLevel: 'warn' });
}
