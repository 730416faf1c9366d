import { openDatabase, type Database } from '../lib/db/open';

let opening: Promise<Database> | null = null;

/** The extension's database, opened once per service-worker life. */
export function database(): Promise<Database> {
  opening ??= openDatabase();
  return opening;
}
