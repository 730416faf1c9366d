/**
 * A modelled network and server (`EmulatorOptions.latency`, off by default): every API response
 * is held back by one round trip plus the server time of the work it did, and Bulk API 2.0 jobs
 * stay queued and InProgress for a time that grows with their rows. The holds are timers, so
 * concurrent requests overlap as Salesforce serves them in parallel.
 *
 * Salesforce publishes no response times, only what a unit of work is: one REST request, or
 * one subrequest of a Composite request, whose whole series "counts as a single call toward
 * your API limits" ("Send Multiple Requests Using Composite", REST API Developer Guide,
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm)
 * and whose gain is "minimizing the number of round-trips between the client and server"
 * ("Using Composite Resources", same guide). So the model charges one round trip per HTTP
 * request and server time per subrequest, per record a page returns and per record written:
 * batching saves round trips and nothing else.
 * The numbers of `MODELLED_LATENCY` are chosen, each with its reason beside it.
 */

export interface LatencyOptions {
  /** Client ↔ Salesforce round trip of every API request, on a kept-alive TLS connection. */
  readonly roundTripMs: number;
  /** Server time of one unit of work: a plain request, or one subrequest of a Composite. */
  readonly serverMsPerSubrequest: number;
  /** Server time per record a REST query / queryMore page or a Collections retrieve returns. */
  readonly serverMsPerRowRead: number;
  /** Server time per record written by a REST update or an sObject Collections update. */
  readonly serverMsPerRowWritten: number;
  /** A Bulk API 2.0 job's fixed time, half queued (UploadComplete) and half InProgress. */
  readonly bulkJobMs: number;
  /** InProgress time per row a Bulk API 2.0 query job selects. */
  readonly bulkQueryMsPerRow: number;
  /** InProgress time per row a Bulk API 2.0 ingest job processes. */
  readonly bulkIngestMsPerRow: number;
  /** Server time per row of a Bulk API 2.0 query result page downloaded (a stored CSV file). */
  readonly bulkResultMsPerRow: number;
}

/** What the bench models: a rep's browser far from its org's pod, an org with some automation. */
export const MODELLED_LATENCY: LatencyOptions = {
  // A browser in one region and the org's pod in another: 100 ms is a common cross-continent
  // round trip (US West ↔ US East is ~70 ms, Europe ↔ US East ~90 ms).
  roundTripMs: 100,
  // A small REST request's own time on the server (auth, routing, one indexed query or one
  // describe from cache): tens of ms is what EventLogFile's RUN_TIME commonly shows for them.
  serverMsPerSubrequest: 30,
  // A 2,000-record page of 4 fields: about 200 ms more to select and serialize.
  serverMsPerRowRead: 0.1,
  // Saving a record with ordinary automation (a trigger, a flow, validation): a few hundred ms
  // for 200 records, as record-automation benchmarks in developer orgs measure (50-400 ms).
  serverMsPerRowWritten: 1,
  // Queue and start-up of a Bulk API 2.0 job: a few seconds even for a handful of rows.
  bulkJobMs: 3000,
  // Extraction at 20,000 rows a second (1M rows: 50 s), what bulk exports commonly reach.
  bulkQueryMsPerRow: 0.05,
  // Ingest in 10,000-record internal batches run in parallel ("How Requests Are Processed",
  // Bulk API 2.0 Developer Guide): 2,000 records a second, half the Collections cost.
  bulkIngestMsPerRow: 0.5,
  // A result page is a stored file: ~4 MB for 50,000 rows, under a second to send.
  bulkResultMsPerRow: 0.01,
};

/** Units of work a request did, charged through `chargeServerTime`. */
export interface Work {
  readonly subrequests?: number;
  readonly rowsRead?: number;
  readonly rowsWritten?: number;
  readonly bulkResultRows?: number;
}

/** The work one HTTP request did, filled in by its handlers while they answer it. */
export class ServerTime {
  subrequests = 0;
  rowsRead = 0;
  rowsWritten = 0;
  bulkResultRows = 0;
}

/**
 * Charge work to the request being answered. Handlers charge the rows they return or write; a
 * Composite route charges `{ subrequests: 1 }` for each subrequest it runs (its subrequests'
 * handlers charge their own rows through the same request). A request that charged no
 * subrequest counts as one.
 */
export function chargeServerTime(request: { readonly serverTime: ServerTime }, work: Work): void {
  const time = request.serverTime;
  time.subrequests += work.subrequests ?? 0;
  time.rowsRead += work.rowsRead ?? 0;
  time.rowsWritten += work.rowsWritten ?? 0;
  time.bulkResultRows += work.bulkResultRows ?? 0;
}

/** How long the response to a request that did this work is held back. */
export function responseDelayMs(latency: LatencyOptions, time: ServerTime): number {
  return (
    latency.roundTripMs +
    Math.max(1, time.subrequests) * latency.serverMsPerSubrequest +
    time.rowsRead * latency.serverMsPerRowRead +
    time.rowsWritten * latency.serverMsPerRowWritten +
    time.bulkResultRows * latency.bulkResultMsPerRow
  );
}

/** Hold a response back: a timer, so other requests are served meanwhile. */
export function holdResponse(latency: LatencyOptions, time: ServerTime): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, responseDelayMs(latency, time)));
}

/**
 * A Bulk API 2.0 job's two waits: queued (UploadComplete), then InProgress for its rows. Without
 * the model, `bulkJobDelayMs` split in two halves, whatever the rows.
 */
export function bulkJobTiming(options: {
  readonly latency: LatencyOptions | null;
  readonly bulkJobDelayMs: number;
}): { queuedMs: number; inProgressMs(kind: 'query' | 'ingest', rows: number): number } {
  const { latency } = options;
  if (!latency) {
    const half = options.bulkJobDelayMs / 2;
    return { queuedMs: half, inProgressMs: () => half };
  }
  return {
    queuedMs: latency.bulkJobMs / 2,
    inProgressMs: (kind, rows) =>
      latency.bulkJobMs / 2 +
      rows * (kind === 'query' ? latency.bulkQueryMsPerRow : latency.bulkIngestMsPerRow),
  };
}
