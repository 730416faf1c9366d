import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const LOCALES_DIR = join(ROOT, 'public/_locales');
const SHIPPED = ['en', 'es', 'it', 'pt_BR', 'sv', 'zh_CN'];

interface Message {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Catalog = Record<string, Message>;

function catalog(locale: string): Catalog {
  return JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Catalog;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** `$NAME$` placeholders a message uses, in a stable order. */
function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => (m[1] ?? '').toLowerCase()).sort();
}

const english = catalog('en');

describe('locales', () => {
  it('ships exactly the six languages of the source documents', () => {
    expect(readdirSync(LOCALES_DIR).sort()).toEqual(SHIPPED);
  });

  it.each(SHIPPED.filter((l) => l !== 'en'))('%s has every English key, and no other', (locale) => {
    const translated = catalog(locale);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, entry] of Object.entries(translated)) {
      expect(entry.message.trim(), `${locale}.${key}`).not.toBe('');
      const wanted = placeholdersIn(english[key]?.message ?? '');
      expect(placeholdersIn(entry.message), `${locale}.${key} placeholders`).toEqual(wanted);
      expect(Object.keys(entry.placeholders ?? {}).sort(), `${locale}.${key}`).toEqual(wanted);
    }
  });

  it('has a message for every key the code and the manifest ask for', () => {
    const asked = new Set<string>();
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:t|getMessage)\(\s*'([A-Za-z0-9_@]+)'/g)) {
        asked.add(m[1] ?? '');
      }
      // Keys chosen through a lookup table are written as `: 'key',` entries of a *_KEY map.
      for (const block of text.matchAll(/_KEY[^=]*=\s*\{([^}]*)\}/g)) {
        for (const m of (block[1] ?? '').matchAll(/:\s*'([A-Za-z0-9_]+)'/g)) asked.add(m[1] ?? '');
      }
    }
    const manifest = readFileSync(join(ROOT, 'manifest.json'), 'utf8');
    for (const m of manifest.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) asked.add(m[1] ?? '');
    const missing = [...asked].filter((key) => !key.startsWith('@@') && !(key in english));
    expect(missing).toEqual([]);
    expect(asked.size).toBeGreaterThan(10);
  });
});
