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

const byId = rows.map((r) => r.recordId).sort();

describe('the CSV export, page by page', () => {
  it("reads every row of the org once, in record Id order, and none of another org's", async () => {
    const pages = await allPages({ search: '', state: 'all', rows: 3 });
    expect(pages.flat()).toEqual(byId);
    expect(pages).toHaveLength(14);
    expect(pages.every((p) => p.length <= 3)).toBe(true);
  });

  it('answers the matches of each page read, so rare matches take short answers', async () => {
    const pages = await allPages({ search: '', state: 'failed', rows: 4 });
    const failed = byId.filter((id) => rows.find((r) => r.recordId === id)?.status === 'failed');
    expect(pages.flat()).toEqual(failed);
    expect(pages).toHaveLength(11);
    const named = await allPages({ search: 'row 17', state: 'all', rows: 5000 });
    expect(named).toEqual([[rows[17]?.recordId]]);
  });

  it('ends with an empty org', async () => {
    const db = await openDatabase(`export-${Math.random()}`);
    expect(await exportPage(db, ORG, { search: '', state: 'all', after: null, rows: 5 })).toEqual({
      items: [],
      next: null,
    });
  });

  it('takes a page request only with a well-formed cursor', () => {
    const request = {
      type: 'unsubscribes-export',
      orgId: toId18('00D5g000004EXAM'),
      search: '',
      state: 'all',
    };
    expect(parseOptionsRequest({ ...request, after: null })).toEqual({ ...request, after: null });
    const after = { afterId: toId18('0035g00000AbCdE') };
    expect(parseOptionsRequest({ ...request, after })).toEqual({ ...request, after });
    expect(parseOptionsRequest({ ...request })).toBeNull();
    expect(parseOptionsRequest({ ...request, after: { recordId: after.afterId } })).toBeNull();
    expect(parseOptionsRequest({ ...request, after: { afterId: 'nope' } })).toBeNull();
  });
});
