import { toId18 } from '../../../src/lib/ids';
import {
  injectedRecordError,
  type InjectableRecordError,
  type RecordError,
} from '../data/record-error';
import type { RequestKind } from '../http/request-kind';
import { sfError, type Reply } from '../http/reply';
import type { Random } from '../random';

export const WHOLE_REQUEST_ERRORS = {
  INVALID_SESSION_ID: { status: 401, message: 'Session expired or invalid' },
  REQUEST_LIMIT_EXCEEDED: { status: 403, message: 'TotalRequests Limit exceeded.' },
  SERVER_UNAVAILABLE: { status: 503, message: 'Server temporarily unavailable' },
  INVALID_FIELD: {
    status: 400,
    message:
      "No such column 'Injected_Fault__c' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
  },
} as const;
export type WholeRequestError = keyof typeof WHOLE_REQUEST_ERRORS;

/**
 * A fault to inject. It matches requests by kind, method and path (all optional) and applies on
 * the next `times` matching requests, or on a `rate` fraction of them (seeded, so repeatable), or
 * on every matching request until removed when neither is given.
 */
export interface FaultRule {
  readonly kind?: RequestKind | readonly RequestKind[];
  readonly method?: string;
  /** A substring of the path, or a regular expression tested against it. */
  readonly path?: string | RegExp;
  readonly times?: number;
  readonly rate?: number;
  /** Delay before the request is handled. */
  readonly latencyMs?: number;
  /** Answer the whole request with this Salesforce error instead of handling it. */
  readonly error?: WholeRequestError;
  /** Replaces the error's or record error's standard message. */
  readonly message?: string;
  /** Destroy the connection without answering. */
  readonly drop?: boolean;
  /** Handle the request (apply its writes), then destroy the connection instead of answering. */
  readonly loseResponse?: boolean;
  /** Fail records inside a collections update, a single-record PATCH or a Bulk ingest job. */
  readonly recordError?: InjectableRecordError;
  /** Limit `recordError` to these records (15- or 18-character Ids). */
  readonly recordIds?: readonly string[];
}

/** What the faults decided for one request. */
export interface RequestFaults {
  readonly latencyMs: number;
  readonly drop: boolean;
  readonly loseResponse: boolean;
  readonly errorReply: Reply | null;
  readonly records: RecordFaults;
}

export interface RecordFaults {
  /** The injected error for this record, if a rule fails it. */
  errorFor(id18: string): RecordError | null;
}

interface ActiveRule {
  readonly id: string;
  readonly rule: FaultRule;
  readonly recordIds: ReadonlySet<string> | null;
  remaining: number;
}

export const NO_RECORD_FAULTS: RecordFaults = { errorFor: () => null };

export class FaultEngine {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  constructor(private readonly random: Random) {}

  add(rule: FaultRule): string {
    const id = `fault-${this.nextId++}`;
    const recordIds = rule.recordIds
      ? new Set(rule.recordIds.map((raw) => toId18(raw) ?? raw))
      : null;
    this.rules.push({ id, rule, recordIds, remaining: rule.times ?? Infinity });
    return id;
  }

  remove(id: string): void {
    this.rules = this.rules.filter((active) => active.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): Array<{ id: string; rule: FaultRule; remaining: number }> {
    return this.rules.map(({ id, rule, remaining }) => ({ id, rule, remaining }));
  }

  /** Decide the request-level effects now; record-level rules are consulted per record. */
  forRequest(kind: RequestKind, method: string, path: string): RequestFaults {
    const matching = this.rules.filter((active) => ruleMatches(active.rule, kind, method, path));
    let latencyMs = 0;
    let drop = false;
    let loseResponse = false;
    let errorReply: Reply | null = null;
    for (const active of matching) {
      const { rule } = active;
      if (rule.recordError) continue;
      if (active.remaining <= 0 || !this.roll(rule.rate)) continue;
      active.remaining -= 1;
      latencyMs += rule.latencyMs ?? 0;
      drop ||= rule.drop === true;
      loseResponse ||= rule.loseResponse === true;
      if (rule.error && !errorReply) {
        const standard = WHOLE_REQUEST_ERRORS[rule.error];
        errorReply = sfError(standard.status, rule.error, rule.message ?? standard.message);
      }
    }
    this.rules = this.rules.filter((active) => active.remaining > 0);
    const recordRules = matching.filter((active) => active.rule.recordError);
    return {
      latencyMs,
      drop,
      loseResponse,
      errorReply,
      records: recordRules.length ? this.recordFaults(recordRules) : NO_RECORD_FAULTS,
    };
  }

  private recordFaults(candidates: readonly ActiveRule[]): RecordFaults {
    // A rule's `times` counts requests: it is spent once per request, however many records it hits.
    const spentHere = new Set<ActiveRule>();
    return {
      errorFor: (id18) => {
        for (const active of candidates) {
          const code = active.rule.recordError;
          if (!code || (active.recordIds && !active.recordIds.has(id18))) continue;
          const spent = spentHere.has(active);
          if ((!spent && active.remaining <= 0) || !this.roll(active.rule.rate)) continue;
          if (!spent) {
            spentHere.add(active);
            active.remaining -= 1;
          }
          return injectedRecordError(code, id18, active.rule.message);
        }
        return null;
      },
    };
  }

  private roll(rate: number | undefined): boolean {
    return rate === undefined || this.random.next() < rate;
  }
}

function ruleMatches(rule: FaultRule, kind: RequestKind, method: string, path: string): boolean {
  const kinds = rule.kind === undefined ? undefined : ([] as RequestKind[]).concat(rule.kind);
  if (kinds && !kinds.includes(kind)) return false;
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (typeof rule.path === 'string' && !path.includes(rule.path)) return false;
  if (rule.path instanceof RegExp && !rule.path.test(path)) return false;
  return true;
}
