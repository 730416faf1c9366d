/**
 * Prints the size of each entry point of the built extension (`dist/`), counting every chunk it
 * loads statically, raw and gzipped: the service worker, the content script, the options page.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'dist';

interface Manifest {
  background: { service_worker: string };
  content_scripts: { js: string[] }[];
  options_ui: { page: string };
}

/** The files an entry loads, following static `import` statements between chunks. */
function closure(files: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...files];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      pending.push(normalize(join(dirname(file), m[1] ?? '')));
    }
  }
  return seen;
}

function pageAssets(page: string): string[] {
  const html = readFileSync(join(DIST, page), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
}

function sizeOf(files: Set<string>): { raw: number; gzip: number } {
  const bytes = Buffer.concat([...files].map((f) => readFileSync(join(DIST, f))));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as Manifest;
const entries: [string, string[]][] = [
  ['service worker', [manifest.background.service_worker]],
  ['content script', manifest.content_scripts.flatMap((c) => c.js)],
  ['options page', [manifest.options_ui.page, ...pageAssets(manifest.options_ui.page)]],
];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log('entry point       raw        gzip');
for (const [name, files] of entries) {
  const { raw, gzip } = sizeOf(closure(files));
  console.log(`${name.padEnd(16)}  ${kb(raw).padStart(9)}  ${kb(gzip).padStart(9)}`);
}
