import { toId18 } from '../../../src/lib/ids';
import {
  injectedRecordError,
  type InjectableRecordError,
  type RecordError,
} from '../data/record-error';
import type { RequestKind } from '../http/request-kind';
import { sfError, type Reply } from '../http/reply';
import { createRandom, type Random } from '../random';

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

/** What a fault does to a request it applies to. */
export interface FaultEffect {
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

/** One of the faults a `oneOf` schedule chooses from. */
export interface ScheduledFault extends FaultEffect {
  /** How often it is chosen relative to the others (default 1). */
  readonly weight?: number;
  /**
   * With `recordError`: the fraction of the request's records it fails, each rolled (seeded);
   * every record by default. Salesforce's lock errors hit some records of a batch, not all.
   */
  readonly recordRate?: number;
}

/**
 * A fault to inject. It matches requests by kind, method and path (all optional) and applies on
 * the next `times` matching requests, or on a `rate` fraction of them (seeded, so repeatable), or
 * on every matching request until removed when neither is given.
 */
export interface FaultRule extends FaultEffect {
  readonly kind?: RequestKind | readonly RequestKind[];
  readonly method?: string;
  /** A substring of the path, or a regular expression tested against it. */
  readonly path?: string | RegExp;
  readonly times?: number;
  readonly rate?: number;
  /**
   * A mixed schedule: each time the rule applies, it does one of these, chosen by weight (seeded),
   * instead of effects of its own, e.g. 20 % of requests failing in four different ways.
   */
  readonly oneOf?: readonly ScheduledFault[];
  /**
   * A seed of the rule's own: its rolls then depend only on this seed and the order of the requests
   * it matches, not on other rules or on the org's seed, so a failing run replays with it.
   */
  readonly seed?: number;
}

/** What the faults decided for one request. */
export interface RequestFaults {
  readonly latencyMs: number;
  readonly drop: boolean;
  readonly loseResponse: boolean;
  readonly errorReply: Reply | null;
  readonly records: RecordFaults;
  /**
   * What was done to the request as a whole, for the log: `drop` alone (the request was never
   * handled), or the error code answered and/or `loseResponse`. Latency is not a fault.
   */
  readonly injected: readonly string[];
}

export interface RecordFaults {
  /** The injected error for this record, if a rule fails it. */
  errorFor(id18: string): RecordError | null;
  /** The record error codes injected so far in this request, each once. */
  injected(): readonly string[];
}

interface ScheduledChoice {
  readonly fault: ScheduledFault;
  readonly recordIds: ReadonlySet<string> | null;
}

interface ActiveRule {
  readonly id: string;
  readonly rule: FaultRule;
  readonly recordIds: ReadonlySet<string> | null;
  readonly choices: readonly ScheduledChoice[];
  readonly random: Random;
  remaining: number;
}

/** Fails one record of a request, or leaves it to the next source. */
type RecordSource = (id18: string) => RecordError | null;

export const NO_RECORD_FAULTS: RecordFaults = { errorFor: () => null, injected: () => [] };

const EFFECT_FIELDS = [
  'latencyMs',
  'error',
  'message',
  'drop',
  'loseResponse',
  'recordError',
  'recordIds',
] as const satisfies ReadonlyArray<keyof FaultEffect>;

function idSet(raw: readonly string[] | undefined): ReadonlySet<string> | null {
  return raw ? new Set(raw.map((id) => toId18(id) ?? id)) : null;
}

export class FaultEngine {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  constructor(private readonly random: Random) {}

  add(rule: FaultRule): string {
    if (rule.oneOf) {
      if (rule.oneOf.length === 0) throw new Error('oneOf needs at least one fault');
      const own = EFFECT_FIELDS.filter((field) => rule[field] !== undefined);
      if (own.length) throw new Error(`a oneOf rule has no effects of its own: ${own.join(', ')}`);
      if (rule.oneOf.some((fault) => !((fault.weight ?? 1) > 0))) {
        throw new Error('oneOf weights must be positive');
      }
    }
    const id = `fault-${this.nextId++}`;
    this.rules.push({
      id,
      rule,
      recordIds: idSet(rule.recordIds),
      choices: (rule.oneOf ?? []).map((fault) => ({ fault, recordIds: idSet(fault.recordIds) })),
      random: rule.seed === undefined ? this.random : createRandom(rule.seed),
      remaining: rule.times ?? Infinity,
    });
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
    let error: { code: WholeRequestError; message: string | undefined } | null = null;
    const recordSources: RecordSource[] = [];
    for (const active of matching) {
      const { rule } = active;
      // A plain record-level rule rolls its rate per record, not per request.
      if (!rule.oneOf && rule.recordError) {
        recordSources.push(ruleRecordSource(active));
        continue;
      }
      if (active.remaining <= 0 || !roll(active.random, rule.rate)) continue;
      active.remaining -= 1;
      const choice = pick(active);
      const effect: FaultEffect = choice?.fault ?? rule;
      latencyMs += effect.latencyMs ?? 0;
      drop ||= effect.drop === true;
      loseResponse ||= effect.loseResponse === true;
      if (effect.error && !error) error = { code: effect.error, message: effect.message };
      if (choice?.fault.recordError) recordSources.push(scheduledRecordSource(active, choice));
    }
    this.rules = this.rules.filter((active) => active.remaining > 0);
    const standard = error ? WHOLE_REQUEST_ERRORS[error.code] : null;
    const injected = drop
      ? ['drop']
      : [...(error ? [error.code] : []), ...(loseResponse ? ['loseResponse'] : [])];
    return {
      latencyMs,
      drop,
      loseResponse,
      errorReply:
        error && standard
          ? sfError(standard.status, error.code, error.message ?? standard.message)
          : null,
      records: recordSources.length ? recordFaults(recordSources) : NO_RECORD_FAULTS,
      injected,
    };
  }
}

function roll(random: Random, rate: number | undefined): boolean {
  return rate === undefined || random.next() < rate;
}

/** The weighted choice of a `oneOf` rule that applies; null for a rule without one. */
function pick(active: ActiveRule): ScheduledChoice | null {
  if (active.choices.length === 0) return null;
  const total = active.choices.reduce((sum, c) => sum + (c.fault.weight ?? 1), 0);
  let point = active.random.next() * total;
  for (const choice of active.choices) {
    point -= choice.fault.weight ?? 1;
    if (point < 0) return choice;
  }
  return active.choices[active.choices.length - 1] ?? null;
}

function ruleRecordSource(active: ActiveRule): RecordSource {
  // A rule's `times` counts requests: it is spent once per request, however many records it hits.
  let spentHere = false;
  return (id18) => {
    const code = active.rule.recordError;
    if (!code || (active.recordIds && !active.recordIds.has(id18))) return null;
    if ((!spentHere && active.remaining <= 0) || !roll(active.random, active.rule.rate)) {
      return null;
    }
    if (!spentHere) {
      spentHere = true;
      active.remaining -= 1;
    }
    return injectedRecordError(code, id18, active.rule.message);
  };
}

/** A scheduled record error, already counted against the rule when the request was matched. */
function scheduledRecordSource(active: ActiveRule, { fault, recordIds }: ScheduledChoice) {
  return (id18: string): RecordError | null => {
    if (!fault.recordError || (recordIds && !recordIds.has(id18))) return null;
    if (!roll(active.random, fault.recordRate)) return null;
    return injectedRecordError(fault.recordError, id18, fault.message);
  };
}

function recordFaults(sources: readonly RecordSource[]): RecordFaults {
  const codes = new Set<string>();
  return {
    errorFor: (id18) => {
      for (const source of sources) {
        const error = source(id18);
        if (error) {
          codes.add(error.statusCode);
          return error;
        }
      }
      return null;
    },
    injected: () => [...codes],
  };
}

function ruleMatches(rule: FaultRule, kind: RequestKind, method: string, path: string): boolean {
  const kinds = rule.kind === undefined ? undefined : ([] as RequestKind[]).concat(rule.kind);
  if (kinds && !kinds.includes(kind)) return false;
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (typeof rule.path === 'string' && !path.includes(rule.path)) return false;
  if (rule.path instanceof RegExp && !rule.path.test(path)) return false;
  return true;
}
