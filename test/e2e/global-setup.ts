import { build } from 'vite';

/** Builds the extension once for the whole end-to-end run, exactly as `npm run build` does. */
export default async function setup(): Promise<void> {
  await build({
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
  });
}
