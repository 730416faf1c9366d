import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coverSuffix, type Translate } from '../../src/lib/covers-view';

interface Message {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** `chrome.i18n.getMessage` over one shipped catalog: `$NAME$` from its `$n` substitution. */
function translator(locale: string): Translate {
  const url = new URL(`../../public/_locales/${locale}/messages.json`, import.meta.url);
  const catalog = JSON.parse(readFileSync(url, 'utf8')) as Record<string, Message>;
  return (key, substitutions) => {
    const entry = catalog[key];
    if (!entry) return key;
    const subs = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
    return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
      return subs[Number(content.slice(1)) - 1] ?? '';
    });
  };
}

const en = translator('en');

describe("the words after a same-email record's name on the card", () => {
  it('say where it belongs before the click: "Contact Ada Lovelace (Acme)"', () => {
    expect(`Contact Ada Lovelace${coverSuffix('Acme', null, en)}`).toBe(
      'Contact Ada Lovelace (Acme)',
    );
    expect(coverSuffix('  Acme  ', null, en)).toBe(' (Acme)');
  });

  it('say where it belongs and its state after the click', () => {
    expect(coverSuffix('Initech', 'unsubscribed', en)).toBe(' (Initech, unsubscribed)');
  });

  it('are only the state, or nothing, for a blank or missing place', () => {
    for (const place of [null, '', '   ']) {
      expect(coverSuffix(place, null, en)).toBe('');
      expect(coverSuffix(place, 'waiting', en)).toBe(' (waiting)');
    }
  });

  it('are translated in every shipped language', () => {
    expect(coverSuffix('Acme', 'dado de baja', translator('es'))).toBe(' (Acme, dado de baja)');
    expect(coverSuffix('Acme', null, translator('sv'))).toBe(' (Acme)');
    expect(coverSuffix('Acme', '已退订', translator('zh_CN'))).toBe(' (Acme，已退订)');
    for (const locale of ['it', 'pt_BR']) {
      expect(coverSuffix('Acme', null, translator(locale))).toBe(' (Acme)');
    }
  });
});
