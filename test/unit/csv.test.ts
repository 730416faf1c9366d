import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/lib/csv';

describe('RFC 4180 CSV', () => {
  it('leaves plain fields as they are', () => {
    expect(csvField('Ana Lima')).toBe('Ana Lima');
    expect(csvField('')).toBe('');
  });

  it('quotes fields with commas, quotes, CR or LF, doubling the quotes', () => {
    expect(csvField('Lima, Ana')).toBe('"Lima, Ana"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
    expect(csvField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });

  it('ends every record, the last one too, with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['1', '2, 3'],
      ]),
    ).toBe('a,b\r\n1,"2, 3"\r\n');
    expect(toCsv([])).toBe('');
  });
});
