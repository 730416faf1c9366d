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

/**
 * Values that really are the same in a language as in English, each with why: a product or
 * Salesforce name, a technical term the language keeps, or no words at all. Any other value equal
 * to English is an untranslated string.
 */
const SAME_AS_ENGLISH: Readonly<Record<string, readonly string[]>> = {
  // The product's name.
  extName: ['es', 'it', 'pt_BR', 'sv', 'zh_CN'],
  extShortName: ['es', 'it', 'pt_BR', 'sv', 'zh_CN'],
  // Salesforce's own names, which its localized UI and docs keep in English.
  optRealmGovernment: ['es', 'it', 'pt_BR', 'sv'],
  optLoginSandbox: ['es', 'it', 'pt_BR'],
  objectLead: ['it', 'pt_BR', 'sv'],
  optHowOauth: ['es', 'it', 'pt_BR', 'sv', 'zh_CN'],
  // The word as the language writes it.
  optionsStatusHeading: ['pt_BR', 'sv'],
  optCsvEmail: ['it', 'pt_BR'],
  // Punctuation around placeholders, no words.
  coverPlace: ['es', 'it', 'pt_BR', 'sv', 'zh_CN'],
  coverPlaceState: ['es', 'it', 'pt_BR', 'sv', 'zh_CN'],
};

/** A value's words, lower-cased, for comparing two buttons' labels. */
const wordsOf = (text: string): string[] => text.toLowerCase().match(/\p{L}+/gu) ?? [];

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

  it.each(SHIPPED.filter((l) => l !== 'en'))(
    '%s leaves no English value untranslated',
    (locale) => {
      const untranslated = Object.entries(catalog(locale))
        .filter(([key, entry]) => entry.message === english[key]?.message)
        .filter(([key]) => !SAME_AS_ENGLISH[key]?.includes(locale))
        .map(([key, entry]) => `${key}: ${entry.message}`);
      expect(untranslated).toEqual([]);
    },
  );

  it.each(SHIPPED)(
    "%s names the card's Unsubscribe and Undo buttons with different words",
    (locale) => {
      // Side by side on the card, they do opposite things: "Annulla iscrizione" beside "Annulla"
      // reads as two undo buttons.
      const messages = catalog(locale);
      const unsubscribe = wordsOf(messages.actionUnsubscribe?.message ?? '');
      const undo = wordsOf(messages.actionUndo?.message ?? '');
      expect(unsubscribe.filter((w) => undo.includes(w))).toEqual([]);
    },
  );

  it.each(SHIPPED)("%s names its own language (the options page's <html lang>)", (locale) => {
    expect(catalog(locale).catalogLanguage?.message).toBe(locale.replace('_', '-'));
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
