import { sfError, type Reply } from '../http/reply';

/**
 * The concurrent API request limit ("API Request Limits and Allocations", Salesforce Developer
 * Limits and Allocations Quick Reference,
 * https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html):
 * only requests that have run for 20 seconds or longer count; a production org or sandbox allows
 * 25 of them at once (Developer Edition and trial orgs 5). Once that many are running, the API
 * answers every new request with `REQUEST_LIMIT_EXCEEDED` until fewer are; there is no limit on
 * concurrent requests shorter than 20 seconds. The message is the one Salesforce gives for this
 * limit ("ConcurrentRequests (Concurrent API Requests) Limit exceeded."); the status is REST API's
 * 403 for `REQUEST_LIMIT_EXCEEDED` (REST API Developer Guide, "Status Codes and Error Responses").
 *
 * How long a request has run is read from `clock`, from its arrival until its response is sent:
 * in-process requests take milliseconds, so by itself the emulator never has a long-running one.
 * A latency model that holds responses back lengthens them on the real clock; one that models
 * time instead of sleeping passes its own clock, and so does a test.
 */
export interface ConcurrencyOptions {
  /** Long-running requests allowed at once (25: production orgs and sandboxes). */
  readonly limit: number;
  /** From this age on a request is long-running (20,000 ms). */
  readonly longRunningMs: number;
  readonly clock: () => number;
}

export interface ConcurrencyFigures {
  readonly inFlight: number;
  /** The most API requests in flight at once since the start or the last `resetPeaks`. */
  readonly peakInFlight: number;
  /** Requests in flight now that have run for `longRunningMs` or longer. */
  readonly longRunning: number;
  /** The most long-running requests seen at once (counted as each request arrives). */
  readonly peakLongRunning: number;
  /** The longest an API request took, arrival to response, since the start or `resetPeaks`. */
  readonly longestMs: number;
  /** Requests refused with REQUEST_LIMIT_EXCEEDED for this limit. */
  readonly refused: number;
  readonly limit: number;
  readonly longRunningMs: number;
}

export class ConcurrentRequests {
  private readonly started = new Set<{ readonly at: number }>();
  private peakInFlight = 0;
  private peakLongRunning = 0;
  private refused = 0;
  private longestMs = 0;

  constructor(private readonly options: ConcurrencyOptions) {}

  /** A request arrived; the returned function marks its response sent (or its socket gone). */
  begin(): () => void {
    const request = { at: this.options.clock() };
    this.started.add(request);
    this.peakInFlight = Math.max(this.peakInFlight, this.started.size);
    this.peakLongRunning = Math.max(this.peakLongRunning, this.longRunning());
    return () => {
      this.started.delete(request);
      this.longestMs = Math.max(this.longestMs, this.options.clock() - request.at);
    };
  }

  /** Salesforce's answer to a new request while the limit is reached; null when it may run. */
  refusal(): Reply | null {
    if (this.longRunning() < this.options.limit) return null;
    this.refused += 1;
    return sfError(
      403,
      'REQUEST_LIMIT_EXCEEDED',
      'ConcurrentRequests (Concurrent API Requests) Limit exceeded.',
    );
  }

  figures(): ConcurrencyFigures {
    return {
      inFlight: this.started.size,
      peakInFlight: this.peakInFlight,
      longRunning: this.longRunning(),
      peakLongRunning: this.peakLongRunning,
      longestMs: this.longestMs,
      refused: this.refused,
      limit: this.options.limit,
      longRunningMs: this.options.longRunningMs,
    };
  }

  /** Start the peaks afresh from what is in flight now (e.g. for each simulated night). */
  resetPeaks(): void {
    this.peakInFlight = this.started.size;
    this.peakLongRunning = this.longRunning();
    this.longestMs = 0;
  }

  private longRunning(): number {
    const now = this.options.clock();
    let count = 0;
    for (const { at } of this.started) if (now - at >= this.options.longRunningMs) count += 1;
    return count;
  }
}
