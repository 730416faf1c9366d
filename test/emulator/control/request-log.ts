import type { RequestKind } from '../http/request-kind';

export interface LogEntry {
  readonly seq: number;
  /** ISO time the request arrived. */
  readonly at: string;
  readonly method: string;
  /** The Host header without a port, lower-cased: the host the client believes it called. */
  readonly host: string;
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly kind: RequestKind;
  /** The status sent; 0 while in flight or when the connection was dropped instead. */
  status: number;
  /**
   * The faults injected into it: `drop`, `loseResponse`, a whole-request error code, or the
   * codes of record errors it carried (each once); empty for a request left alone.
   */
  faults: readonly string[];
  /**
   * Whether the emulator is done with it: answered, dropped, or handled with its response lost
   * (a write it carried is applied by then, even though no client will hear of it).
   */
  done: boolean;
  /** The body of an API request that has one (a write's JSON), to check what a client sent. */
  readonly requestBody?: string;
  /** The Sforce-Duplicate-Rule-Header an API request carried, e.g. `allowSave=true`. */
  readonly duplicateRuleHeader?: string;
  /** How long the latency model held the response back (ms); absent without the model. */
  heldMs?: number;
  /** A Composite request's subrequests, in order (the composite is the one API call). */
  subrequests?: readonly SubrequestLog[];
}

/** One subrequest of a Composite request, as the log keeps it. */
export interface SubrequestLog {
  readonly kind: RequestKind;
  readonly method: string;
  readonly path: string;
  readonly referenceId: string;
  readonly requestBody?: string;
  readonly duplicateRuleHeader?: string;
  /** Its own HTTP status inside the composite's 200. */
  status: number;
}

export interface LogFilter {
  readonly kind?: RequestKind | readonly RequestKind[];
  readonly method?: string;
  readonly host?: string;
  /** A substring of the path. */
  readonly path?: string;
  /** Only entries with a larger `seq`. */
  readonly afterSeq?: number;
}

export class RequestLog {
  private items: LogEntry[] = [];
  private seq = 0;

  add(entry: Omit<LogEntry, 'seq' | 'at' | 'status' | 'faults' | 'done'>): LogEntry {
    this.seq += 1;
    const added: LogEntry = {
      ...entry,
      seq: this.seq,
      at: new Date().toISOString(),
      status: 0,
      faults: [],
      done: false,
    };
    this.items.push(added);
    return added;
  }

  entries(filter: LogFilter = {}): LogEntry[] {
    return this.items.filter((entry) => matches(entry, filter)).map((entry) => ({ ...entry }));
  }

  count(filter: LogFilter = {}): number {
    return this.items.reduce((n, entry) => (matches(entry, filter) ? n + 1 : n), 0);
  }

  /**
   * The subrequests of the Composite requests logged (the composites matching `filter`, except
   * its `kind`, which picks the subrequests' own kinds), each with its composite's `seq`. What a
   * composite carried, not calls: the composite is the one API call.
   */
  subrequests(filter: LogFilter = {}): Array<SubrequestLog & { readonly seq: number }> {
    const { kind, ...outer } = filter;
    const kinds = kind === undefined ? undefined : ([] as RequestKind[]).concat(kind);
    return this.entries({ ...outer, kind: 'composite' }).flatMap((entry) =>
      (entry.subrequests ?? [])
        .filter((sub) => kinds === undefined || kinds.includes(sub.kind))
        .map((sub) => ({ ...sub, seq: entry.seq })),
    );
  }

  /** Forget every entry; sequence numbers keep growing so `afterSeq` stays meaningful. */
  clear(): void {
    this.items = [];
  }
}

function matches(entry: LogEntry, filter: LogFilter): boolean {
  const kinds = filter.kind === undefined ? undefined : ([] as RequestKind[]).concat(filter.kind);
  return (
    (kinds === undefined || kinds.includes(entry.kind)) &&
    (filter.method === undefined || filter.method.toUpperCase() === entry.method) &&
    (filter.host === undefined || filter.host.toLowerCase() === entry.host) &&
    (filter.path === undefined || entry.path.includes(filter.path)) &&
    (filter.afterSeq === undefined || entry.seq > filter.afterSeq)
  );
}
