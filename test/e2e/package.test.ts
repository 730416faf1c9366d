import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, DIST } from './extension';
import { startHarness, type Harness } from './harness';
import { card } from './org-pages';

const run = promisify(execFile);
const REPO = new URL('../../', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  version: string;
};
/**
 * Strings of the emulator's answers and pages and names of test-only packages, which a minifier
 * keeps: any of them in the zip's code would mean test code was bundled.
 */
const TEST_MARKERS = [
  'Salesforce emulator',
  'Allow Access? | Salesforce',
  'A query string (q) is required.',
  'playwright-core',
  'fake-indexeddb',
];

/** Runs `npm run package` as a release manager does, into `outDir`, and reads the zip back. */
async function packageInto(
  outDir: string,
  ...flags: string[]
): Promise<Record<string, Uint8Array>> {
  await run('npm', ['run', '--silent', 'package', '--', '--out-dir', outDir, ...flags], {
    cwd: REPO,
  });
  return unzipSync(readFileSync(join(outDir, `unsubscribe-sync-${version}.zip`)));
}

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

describe('npm run package: the store zip', () => {
  const work = mkdtempSync(join(tmpdir(), 'unsubscribe-sync-package-e2e-'));
  const unpacked = join(work, 'unpacked');
  let files: Record<string, Uint8Array> = {};
  let e2e: Harness | undefined;

  beforeAll(async () => {
    files = await packageInto(join(work, 'release'));
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(unpacked, name)), { recursive: true });
      writeFileSync(join(unpacked, name), bytes);
    }
  });
  afterAll(async () => {
    await e2e?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("has the unpacked build's manifest without its key, at package.json's version", () => {
    const manifest = JSON.parse(text(files['manifest.json'])) as Record<string, unknown>;
    const unpackedManifest = JSON.parse(readFileSync(`${DIST}manifest.json`, 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).not.toHaveProperty('key');
    expect(unpackedManifest.key).toMatch(/^MIIB/);
    expect(manifest.version).toBe(version);
    const { key: _key, ...rest } = unpackedManifest;
    // Same permissions, hosts, scripts and pages: only the key (and the built files' hashes,
    // which do not change between two builds of the same sources) could differ.
    expect(manifest).toEqual(rest);
  });

  it('describes itself in at most 132 characters in every language, as the store requires', () => {
    const locales = Object.keys(files).filter((n) => /^_locales\/\w+\/messages\.json$/.test(n));
    expect(locales).toHaveLength(6);
    for (const name of locales) {
      const messages = JSON.parse(text(files[name])) as Record<string, { message: string }>;
      const description = messages.extDescription?.message ?? '';
      expect(description.length, name).toBeGreaterThan(20);
      expect([...description].length, name).toBeLessThanOrEqual(132);
    }
  });

  it('holds no source maps, sources or test code', () => {
    const names = Object.keys(files);
    expect(names).toContain('manifest.json');
    expect(names.filter((n) => n.endsWith('.map'))).toEqual([]);
    expect(names.filter((n) => /\.tsx?$/.test(n) || /^(test|bench|scripts)\//.test(n))).toEqual([]);
    const code = names.filter((n) => /\.(js|html)$/.test(n)).map((n) => text(files[n]));
    expect(code.length).toBeGreaterThanOrEqual(4);
    for (const source of code) {
      expect(source).not.toContain('sourceMappingURL');
      for (const marker of TEST_MARKERS) expect(source).not.toContain(marker);
    }
  });

  it('adds the source maps only when asked, and they name no test or emulator file', async () => {
    const withMaps = await packageInto(join(work, 'with-maps'), '--sourcemap');
    const maps = Object.keys(withMaps).filter((n) => n.endsWith('.map'));
    expect(maps.length).toBeGreaterThanOrEqual(4);
    const sources = maps.flatMap(
      (n) => (JSON.parse(text(withMaps[n])) as { sources: string[] }).sources,
    );
    expect(sources.some((s) => s.includes('src/background/'))).toBe(true);
    expect(sources.filter((s) => /(^|\/)(test|bench|scripts)\//.test(s))).toEqual([]);
    expect(JSON.parse(text(withMaps['manifest.json']))).not.toHaveProperty('key');
  });

  it('loads, unpacked from the zip, in Chromium and shows the card on a Contact page', async () => {
    e2e = await startHarness({
      org: { seed: 13, contacts: 5, leads: 5, personAccounts: 1, businessAccounts: 1 },
      extensionDir: unpacked,
    });
    // Without the key Chromium derives the Id from the folder, as the store assigns its own.
    expect(e2e.ext.extensionId).toMatch(/^[a-p]{32}$/);
    expect(e2e.ext.extensionId).not.toBe(CHROME_EXTENSION_ID);
    const worker = await e2e.ext.worker();
    expect(await worker.evaluate(() => chrome.runtime.getManifest().version)).toBe(version);

    const contact = e2e.records.take('Contact');
    const page = await e2e.records.open(contact.id);
    const shown = card(page);
    await expect.poll(() => shown.getAttribute('data-record-id')).toBe(contact.id);
    await expect.poll(() => shown.textContent()).toContain(String(contact.fields.Name));
    await page.close();
  });
});
