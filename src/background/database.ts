import { openDatabase, type Database } from '../lib/db/open';

let opening: Promise<Database> | null = null;

/**
 * The extension's database, opened once per service-worker life. A failed open is forgotten, so
 * the next request tries again (the disk may have room by then) instead of failing for the rest
 * of this worker's life.
 */
export function database(): Promise<Database> {
  opening ??= openDatabase().catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}
