import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/db/open';
import { exportPage, putUnsubscribes, type ExportQuery } from '../../src/lib/db/unsubscribes';
import { toId18 } from '../../src/lib/ids';
import { parseOptionsRequest } from '../../src/lib/options-messages';
import { ORG, storedUnsubscribe } from './stored-unsubscribe';

const OTHER_ORG = '00D5g000009OTHERAA';

/** 40 rows in 8 runs of 5 that share a time (as a nightly page's imports do), one failed in 7. */
const rows = Array.from({ length: 40 }, (_, i) =>
  storedUnsubscribe({
    recordId: `0035g00000R${String(i).padStart(4, '0')}AAA`,
    name: `Row ${i}`,
    createdAt: 1_000 + Math.floor(i / 5),
    status: i % 7 === 0 ? 'failed' : 'confirmed',
  }),
);

async function seeded() {
  const db = await openDatabase(`export-${Math.random()}`);
  await putUnsubscribes(db, [
    ...rows,
    storedUnsubscribe({ orgId: OTHER_ORG, recordId: '0035g00000ZzzzzAAA', createdAt: 1_003 }),
  ]);
  return db;
}

/** Every page from the first to the last, as the options page asks for them. */
async function allPages(query: Omit<ExportQuery, 'after'>) {
  const db = await seeded();
  const pages: string[][] = [];
  let after: ExportQuery['after'] = null;
  do {
    const page = await exportPage(db, ORG, { ...query, after });
    pages.push(page.items.map((r) => r.recordId));
    after = page.next;
  } while (after !== null && pages.length < 100);
  return pages;
}

const newestFirst = [...rows]
  .sort((a, b) => b.createdAt - a.createdAt || (a.recordId < b.recordId ? 1 : -1))
  .map((r) => r.recordId);

describe('the CSV export, page by page', () => {
  it('reads every row of the org once, newest first, across pages that split rows of one time', async () => {
    const pages = await allPages({ search: '', state: 'all', limit: 3, scan: 100 });
    expect(pages.flat()).toEqual(newestFirst);
    expect(pages.every((p) => p.length <= 3)).toBe(true);
  });

  it('looks at a bounded number of rows per page, so rare matches take several short pages', async () => {
    const pages = await allPages({ search: '', state: 'failed', limit: 5000, scan: 4 });
    const failed = newestFirst.filter(
      (id) => rows.find((r) => r.recordId === id)?.status === 'failed',
    );
    expect(pages.flat()).toEqual(failed);
    expect(pages.length).toBe(10);
  });

  it('ends with an empty org', async () => {
    const db = await openDatabase(`export-${Math.random()}`);
    expect(
      await exportPage(db, ORG, { search: '', state: 'all', after: null, limit: 5, scan: 5 }),
    ).toEqual({ items: [], next: null });
  });

  it('takes a page request only with a well-formed cursor', () => {
    const request = {
      type: 'unsubscribes-export',
      orgId: toId18('00D5g000004EXAM'),
      search: '',
      state: 'all',
    };
    expect(parseOptionsRequest({ ...request, after: null })).toEqual({ ...request, after: null });
    const after = { createdAt: 5, recordId: toId18('0035g00000AbCdE') };
    expect(parseOptionsRequest({ ...request, after })).toEqual({ ...request, after });
    expect(parseOptionsRequest({ ...request })).toBeNull();
    expect(
      parseOptionsRequest({ ...request, after: { createdAt: 'x', recordId: after.recordId } }),
    ).toBeNull();
    expect(
      parseOptionsRequest({ ...request, after: { createdAt: 5, recordId: 'nope' } }),
    ).toBeNull();
  });
});
