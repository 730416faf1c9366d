/**
 * `npm run package`: the zip to upload to the Chrome Web Store (and Edge Add-ons),
 * `release/unsubscribe-sync-<version>.zip`, from a fresh production build in a folder of its own
 * (`dist/`, the unpacked build with its `key`, is left as it is).
 *
 * The store zip differs from `dist/` in two ways only: the manifest has no `key` (the store
 * assigns the extension its Id and refuses an upload that carries one), and there are no source
 * maps unless `--sourcemap` asks for them. Before zipping it checks that the manifest's version is
 * package.json's and, from the build's source maps, that no test, emulator or bench code and no
 * test-only package was bundled, and that the description fits the store in every language.
 * Entries carry one fixed date, so the same sources give the same zip. `--out-dir DIR` writes the
 * zip elsewhere than `release/` (the end-to-end test does). `--firefox` (`npm run package:firefox`)
 * packages the Firefox build instead, as `release/unsubscribe-sync-firefox-<version>.zip`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync, type Zippable } from 'fflate';
import { build } from 'vite';

const REPO = new URL('../', import.meta.url).pathname;

/** Folders of this repository whose code never belongs in the extension. */
const NOT_SHIPPED = ['test', 'bench', 'scripts'];
/**
 * devDependencies whose runtime helpers may rightly end up in a build (Vite's module preload,
 * say); every other devDependency is test or lint tooling and must not be bundled.
 */
const BUILD_TOOLS = new Set(['vite', '@crxjs/vite-plugin', '@preact/preset-vite']);
/** One date for every entry (the zip format's dates start in 1980). */
const ZIP_DATE = new Date('1980-01-01T00:00:00Z');
/**
 * The manifest's `description` may hold at most 132 characters in every language, or the store
 * refuses the upload (https://developer.chrome.com/docs/extensions/reference/manifest/description).
 */
const DESCRIPTION_LIMIT = 132;

interface PackageJson {
  version: string;
  devDependencies: Record<string, string>;
}

type Messages = Record<string, { message: string }>;

interface SourceMap {
  sourceRoot?: string;
  sources: string[];
}

const { values } = parseArgs({
  options: {
    sourcemap: { type: 'boolean', default: false },
    'out-dir': { type: 'string', default: join(REPO, 'release') },
    // The Firefox build (`vite build --mode firefox`): the zip to submit to addons.mozilla.org for
    // signing, `release/unsubscribe-sync-firefox-<version>.zip`.
    firefox: { type: 'boolean', default: false },
  },
});

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as PackageJson;

/** Every file under `dir`, as paths relative to it with `/` separators, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/**
 * What a source map says was bundled that must not be: a file of `test/`, `bench/` or
 * `scripts/`, or of a test-only package. Virtual modules (crxjs's `@crx/…`) resolve outside the
 * repository and are the plugin's own.
 */
function notShippable(mapPath: string, map: SourceMap): string[] {
  const testOnly = Object.keys(pkg.devDependencies).filter((name) => !BUILD_TOOLS.has(name));
  return map.sources.filter((source) => {
    const path = relative(REPO, resolve(dirname(mapPath), map.sourceRoot ?? '', source));
    const [top] = path.split(sep);
    if (top !== undefined && NOT_SHIPPED.includes(top)) return true;
    const inModules = path.split(`node_modules${sep}`).at(-1);
    return (
      path.includes(`node_modules${sep}`) &&
      testOnly.some((name) => inModules?.startsWith(`${name.split('/').join(sep)}${sep}`))
    );
  });
}

/** The built manifest's description in each of its languages that is longer than the store takes. */
function tooLongDescriptions(stage: string, description: unknown): string[] {
  const key = /^__MSG_(\w+)__$/.exec(String(description))?.[1];
  if (!key) return [String(description)].filter((d) => [...d].length > DESCRIPTION_LIMIT);
  return readdirSync(join(stage, '_locales')).flatMap((lang) => {
    const messages = JSON.parse(
      readFileSync(join(stage, '_locales', lang, 'messages.json'), 'utf8'),
    ) as Messages;
    const text = messages[key]?.message ?? '';
    return [...text].length > DESCRIPTION_LIMIT ? [`${lang} (${[...text].length}): ${text}`] : [];
  });
}

const stage = mkdtempSync(join(tmpdir(), 'unsubscribe-sync-package-'));
try {
  // Hidden maps unless asked for: written for the check below, not referenced from the code,
  // and left out of the zip.
  await build({
    configFile: join(REPO, 'vite.config.ts'),
    root: REPO,
    mode: values.firefox ? 'firefox' : 'production',
    logLevel: 'warn',
    build: { outDir: stage, emptyOutDir: true, sourcemap: values.sourcemap ? true : 'hidden' },
  });

  const manifestPath = join(stage, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  if (manifest.version !== pkg.version) {
    throw new Error(
      `the built manifest's version ${String(manifest.version)} is not package.json's ${pkg.version}: ` +
        'set the same version in manifest.json',
    );
  }
  const tooLong = tooLongDescriptions(stage, manifest.description);
  if (tooLong.length > 0) {
    throw new Error(
      `the description is over ${DESCRIPTION_LIMIT} characters in:\n  ${tooLong.join('\n  ')}`,
    );
  }
  delete manifest.key;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  const files = filesUnder(stage);
  const bundled = files
    .filter((file) => file.endsWith('.map'))
    .flatMap((file) => {
      const mapPath = join(stage, file);
      return notShippable(mapPath, JSON.parse(readFileSync(mapPath, 'utf8')) as SourceMap).map(
        (source) => `${file}: ${source}`,
      );
    });
  if (bundled.length > 0) {
    throw new Error(`the build bundles test or emulator code:\n  ${bundled.join('\n  ')}`);
  }

  const entries: Zippable = {};
  for (const file of files) {
    if (file.endsWith('.map') && !values.sourcemap) continue;
    entries[file] = [readFileSync(join(stage, file)), { mtime: ZIP_DATE }];
  }
  const zip = zipSync(entries, { level: 9 });
  mkdirSync(values['out-dir'], { recursive: true });
  const flavour = values.firefox ? 'firefox-' : '';
  const out = join(values['out-dir'], `unsubscribe-sync-${flavour}${pkg.version}.zip`);
  writeFileSync(out, zip);
  console.log(
    `${relative(process.cwd(), out) || out}: ${Object.keys(entries).length} files, ` +
      `${(zip.length / 1024).toFixed(1)} KB${values.sourcemap ? ' (with source maps)' : ''}`,
  );
} catch (error) {
  console.error(`npm run package: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
