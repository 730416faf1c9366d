import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsv, type CsvRow } from '../../src/lib/csv-parse';

/** Every row the parser gives for these chunks, pushed one after the other. */
function parsedInChunks(chunks: readonly string[]): CsvRow[] {
  const parser = new CsvParser();
  const rows: CsvRow[] = [];
  for (const chunk of chunks) rows.push(...parser.push(chunk));
  rows.push(...parser.end());
  return rows;
}

// A Bulk API 2.0 result as Salesforce may write it: CRLF line ends, quoted fields holding
// commas, doubled quotes, line breaks of both kinds, empty values and a quoted empty value.
const TEXT =
  'Id,Name,Email,HasOptedOutOfEmail\r\n' +
  '003A,"Lima, Ana",ana@example.com,true\r\n' +
  '003B,"Say ""no""",,false\r\n' +
  '003C,"two\r\nlines\nhere",""""," quoted ""end"""\r\n' +
  '003D,Plain,"",true\r\n';

const EXPECTED: CsvRow[] = [
  { Id: '003A', Name: 'Lima, Ana', Email: 'ana@example.com', HasOptedOutOfEmail: 'true' },
  { Id: '003B', Name: 'Say "no"', Email: '', HasOptedOutOfEmail: 'false' },
  { Id: '003C', Name: 'two\r\nlines\nhere', Email: '"', HasOptedOutOfEmail: ' quoted "end"' },
  { Id: '003D', Name: 'Plain', Email: '', HasOptedOutOfEmail: 'true' },
];

describe('CSV parsing', () => {
  it('reads quoted commas, doubled quotes and line breaks, with CRLF line ends', () => {
    expect(parseCsv(TEXT)).toEqual(EXPECTED);
  });

  it('reads LF line ends and a last row without a line break', () => {
    expect(parseCsv('a,b\n1,"x\ny"\n2,3')).toEqual([
      { a: '1', b: 'x\ny' },
      { a: '2', b: '3' },
    ]);
    expect(parseCsv('a,b\r1,2\r')).toEqual([{ a: '1', b: '2' }]);
  });

  it('gives no rows for a header alone or nothing, and blanks for missing values', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('Id,Name\r\n')).toEqual([]);
    expect(parseCsv('Id,Name\n003A\n')).toEqual([{ Id: '003A', Name: '' }]);
  });

  it('gives the same rows however the text is split in two, at every position', () => {
    for (let at = 0; at <= TEXT.length; at++) {
      const rows = parsedInChunks([TEXT.slice(0, at), TEXT.slice(at)]);
      expect(rows, `split at ${at}: ${JSON.stringify(TEXT.slice(at - 1, at + 1))}`).toEqual(
        EXPECTED,
      );
    }
  });

  it('gives the same rows however the text is split in three, at every pair of positions', () => {
    for (let a = 0; a <= TEXT.length; a++) {
      for (let b = a; b <= TEXT.length; b++) {
        const rows = parsedInChunks([TEXT.slice(0, a), TEXT.slice(a, b), TEXT.slice(b)]);
        expect(rows, `split at ${a} and ${b}`).toEqual(EXPECTED);
      }
    }
  });

  it('gives the same rows one character at a time, with empty chunks between', () => {
    expect(parsedInChunks([...TEXT].flatMap((c) => [c, '']))).toEqual(EXPECTED);
  });

  it('hands out each row once its line break has come, holding only the one under way', () => {
    const parser = new CsvParser();
    expect(parser.push('Id,Name\r\n003A,"Lima, ')).toEqual([]);
    expect(parser.push('Ana"\r')).toEqual([{ Id: '003A', Name: 'Lima, Ana' }]);
    // The LF of that CRLF starts the next chunk: no blank row comes of it.
    expect(parser.push('\n003B,Bo\r\n003C,C')).toEqual([{ Id: '003B', Name: 'Bo' }]);
    expect(parser.end()).toEqual([{ Id: '003C', Name: 'C' }]);
  });
});
