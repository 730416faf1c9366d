import { openCurrentDatabase, type Database } from '../lib/db/open';
import type { OptionsRequest, UnsubscribesResponse } from '../lib/options-messages';
import { unsubscribeListPage } from '../lib/unsubscribe-list';
import { askOptions } from '../ui/ask-options';

type ListRequest = Extract<OptionsRequest, { type: 'unsubscribes' }>;

let opening: Promise<Database | null> | null = null;

/** The page's own connection, opened once, and again after it closed or could not open. */
function pageDatabase(): Promise<Database | null> {
  opening ??= openCurrentDatabase(() => {
    opening = null;
  }).then(
    (db) => {
      if (!db) opening = null;
      return db;
    },
    () => {
      opening = null;
      return null;
    },
  );
  return opening;
}

/**
 * The list's page, read by the page from the extension's database itself (an extension page
 * shares the worker's origin, so its IndexedDB): a page opened while the worker sleeps (Chrome
 * stops it after 30 s idle) waits neither for it to start (its script, jsforce and all, takes
 * 100–150 ms to evaluate) nor for a message each way (bench/README.md, "The store in
 * Chromium"). Only reads: every change still goes through the worker. While the database is
 * missing, at another version (the worker creates or upgrades it) or unreadable, the worker
 * answers instead, with its own errors.
 */
export async function readUnsubscribes(request: ListRequest): Promise<UnsubscribesResponse> {
  const db = await pageDatabase();
  if (db) {
    try {
      return await unsubscribeListPage(db, request.orgId, request);
    } catch {
      // The worker's answer says what is wrong, or reads what the page could not.
    }
  }
  return askOptions(request);
}
