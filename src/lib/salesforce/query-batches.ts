import type { Connection } from 'jsforce/core';

type Row = Record<string, unknown>;

export interface BatchOptions {
  /** `queryAll`: deleted and merged records too. */
  readonly scanAll?: boolean;
  /** Called before each request (the first query and every queryMore), to count API calls. */
  readonly onRequest?: () => void;
}

/**
 * Every batch of a SOQL query, in order, through `queryMore` until Salesforce says `done`.
 * A batch may hold fewer rows than asked (2,000 by default) with more to come: "there is no
 * guarantee that the requested batch size is the actual batch size" (REST API Developer Guide,
 * "Query Options Header"). So only `done: true` ends the data, never a short batch. Returns how
 * many rows came in all.
 */
export async function forEachBatch<R extends Row = Row>(
  conn: Connection,
  soql: string,
  onBatch: (rows: R[]) => Promise<void> | void,
  options: BatchOptions = {},
): Promise<number> {
  options.onRequest?.();
  let result = await conn.query<R>(soql, options.scanAll ? { scanAll: true } : {});
  let rows = result.records.length;
  await onBatch(result.records);
  while (!result.done && result.nextRecordsUrl) {
    options.onRequest?.();
    result = await conn.queryMore<R>(result.nextRecordsUrl);
    rows += result.records.length;
    await onBatch(result.records);
  }
  return rows;
}

/** Every row of a SOQL query, all its batches (for the small reads: a few hundred rows). */
export async function allRows<R extends Row = Row>(
  conn: Connection,
  soql: string,
  options: BatchOptions = {},
): Promise<R[]> {
  const rows: R[] = [];
  await forEachBatch<R>(conn, soql, (batch) => void rows.push(...batch), options);
  return rows;
}
