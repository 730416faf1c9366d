import type { FieldValue } from '../data/person-table';
import { INJECTABLE_RECORD_ERRORS } from '../data/record-error';
import type { ObjectName } from '../data/schema';
import { jsonBody, type ApiRequest, type EmulatorContext, type Handler } from '../http/context';
import { isRequestKind, type RequestKind } from '../http/request-kind';
import { json, type Reply } from '../http/reply';
import type { ApiAccessMode } from '../options';
import { API_ACCESS_MODES } from './api-access';
import { bulkFigures } from './bulk-limits';
import { WHOLE_REQUEST_ERRORS, type FaultEffect, type FaultRule } from './faults';
import { OrgControl } from './org-control';
import type { LogFilter } from './request-log';

/**
 * The emulator's own JSON API under /__emulator/, so a separately running demo org can be
 * inspected and steered with curl. Its requests are not logged and not subject to faults.
 */

type ControlAction = (request: ApiRequest, context: EmulatorContext) => unknown;

/** Runs an action; its result is the JSON answer, a thrown Error a 400 `{error}`. */
function control(action: ControlAction): Handler {
  return (request, context): Reply => {
    try {
      return json(200, action(request, context) ?? { ok: true });
    } catch (error) {
      return json(400, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}

function body(request: ApiRequest): Record<string, unknown> {
  const parsed = jsonBody(request);
  if (request.body && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
    throw new Error('Expected a JSON object body');
  }
  return (parsed ?? {}) as Record<string, unknown>;
}

function objectParam(context: EmulatorContext, name: string | null | undefined): ObjectName {
  const object = context.org.objectNamed(name ?? '');
  if (!object) throw new Error(`Unknown object ${name ?? ''}`);
  return object;
}

function logFilter(query: URLSearchParams): LogFilter {
  const kinds = query.getAll('kind').flatMap((k) => k.split(','));
  const invalid = kinds.find((kind) => !isRequestKind(kind));
  if (invalid !== undefined) throw new Error(`Unknown kind ${invalid}`);
  const afterSeq = query.get('afterSeq');
  return {
    ...(kinds.length ? { kind: kinds as RequestKind[] } : {}),
    ...(query.get('method') ? { method: query.get('method') ?? '' } : {}),
    ...(query.get('host') ? { host: query.get('host') ?? '' } : {}),
    ...(query.get('path') ? { path: query.get('path') ?? '' } : {}),
    ...(afterSeq ? { afterSeq: Number(afterSeq) } : {}),
  };
}

function checkCodes(effect: FaultEffect): void {
  if (effect.error !== undefined && !(effect.error in WHOLE_REQUEST_ERRORS)) {
    throw new Error(`Unknown error ${String(effect.error)}`);
  }
  if (effect.recordError !== undefined && !INJECTABLE_RECORD_ERRORS.includes(effect.recordError)) {
    throw new Error(`Unknown recordError ${String(effect.recordError)}`);
  }
}

/** A fault rule from JSON: `path` is a substring, `pathRegex` a regular expression. */
function faultRule(input: Record<string, unknown>): FaultRule {
  const { pathRegex, ...rest } = input;
  const rule = rest as FaultRule;
  for (const effect of [rule, ...(rule.oneOf ?? [])]) checkCodes(effect);
  return typeof pathRegex === 'string' ? { ...rule, path: new RegExp(pathRegex) } : rule;
}

export const inspectInfo = control((_request, context) => ({
  myDomainHost: context.hosts.myDomain,
  lightningHost: context.hosts.lightning,
  orgId: context.org.orgId,
  userId: context.org.userId,
  username: context.options.username,
  samples: context.org.samples,
  sizes: Object.fromEntries(
    Object.entries(context.org.tables).map(([object, table]) => [object, table.size]),
  ),
}));

export const inspectRecords = control((request, context) => {
  const { query } = request;
  const limit = query.get('limit');
  const where = query.get('where');
  const orderBy = query.get('orderBy');
  return new OrgControl(context.org).list(objectParam(context, query.get('object')), {
    limit: limit ? Number(limit) : 100,
    ...(where ? { where } : {}),
    ...(orderBy ? { orderBy } : {}),
    includeDeleted: query.get('includeDeleted') === 'true',
  });
});

export const inspectRecord = control((request, context) => {
  const orgControl = new OrgControl(context.org);
  const id = request.params.id ?? '';
  switch (request.method) {
    case 'PATCH':
      orgControl.set(id, body(request) as Record<string, FieldValue>);
      break;
    case 'DELETE':
      orgControl.delete(id);
      break;
  }
  const record = orgControl.get(id);
  if (!record) throw new Error(`No record ${id}`);
  return record;
});

/** POST {contactId?}: convert into that Contact, or into a new one. */
export const convertLead = control((request, context) => {
  const { contactId } = body(request);
  return new OrgControl(context.org).convertLead(
    request.params.id ?? '',
    typeof contactId === 'string' ? { contactId } : {},
  );
});

/** POST {masterId}: merge the record of the path into masterId. */
export const mergeRecord = control((request, context) => {
  const { masterId } = body(request);
  if (typeof masterId !== 'string') throw new Error('masterId is required');
  new OrgControl(context.org).merge(masterId, request.params.id ?? '');
});

export const validationRule = control((request, context) => {
  const orgControl = new OrgControl(context.org);
  const id = request.params.id ?? '';
  if (request.method === 'DELETE') return orgControl.removeValidationRule(id);
  const { message, field } = body(request);
  if (typeof message !== 'string') throw new Error('message is required');
  orgControl.addValidationRule(id, message, typeof field === 'string' ? field : undefined);
});

/** POST {action: 'allow' | 'block', name?, matchRule?, message?, matchIds?}; DELETE removes it. */
export const duplicateRule = control((request, context) => {
  const orgControl = new OrgControl(context.org);
  const id = request.params.id ?? '';
  if (request.method === 'DELETE') return orgControl.removeDuplicateRule(id);
  const { action, name, matchRule, message, matchIds } = body(request);
  if (action !== 'allow' && action !== 'block') throw new Error("action is 'allow' or 'block'");
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return orgControl.addDuplicateRule(id, {
    action,
    ...(text(name) ? { name: text(name) } : {}),
    ...(text(matchRule) ? { matchRule: text(matchRule) } : {}),
    ...(text(message) ? { message: text(message) } : {}),
    ...(Array.isArray(matchIds) ? { matchIds: matchIds.map(String) } : {}),
  });
});

/** POST {removeMarketoField, removeField, readOnly: [], writable: [], marketoField, reset}. */
export const changeSchema = control((request, context) => {
  const schema = context.org.schema(objectParam(context, request.params.object));
  const change = body(request);
  const names = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  if (change.reset === true) schema.reset();
  if (change.removeMarketoField === true) schema.removeMarketoField();
  if (typeof change.removeField === 'string') schema.removeField(change.removeField);
  for (const name of names(change.readOnly)) schema.setReadOnly(name, true);
  for (const name of names(change.writable)) schema.setReadOnly(name, false);
  if (typeof change.marketoField === 'object' && change.marketoField !== null) {
    schema.setMarketoField(change.marketoField as { name?: string; label?: string });
  }
  return schema.fields;
});

export const inspectLog = control((request, context) =>
  context.log.entries(logFilter(request.query)),
);

export const countLog = control((request, context) => ({
  count: context.log.count(logFilter(request.query)),
}));

export const resetLog = control((_request, context) => context.log.clear());

export const faults = control((request, context) => {
  if (request.method === 'POST') return { id: context.faults.add(faultRule(body(request))) };
  if (request.method === 'DELETE') return context.faults.clear();
  return context.faults.list();
});

export const removeFault = control((request, context) =>
  context.faults.remove(request.params.id ?? ''),
);

export const createSession = control((_request, context) => ({
  token: context.sessions.createSession().token,
}));

/** POST {token?}: expire one session, or every session when no token is given. */
export const expireSessions = control((request, context) => {
  const { token } = body(request);
  if (typeof token === 'string') context.sessions.expire(token);
  else context.sessions.expireAll();
});

/** GET, or POST {mode}: the org's API access (`ApiAccessMode`). */
export const apiAccess = control((request, context) => {
  if (request.method === 'POST') {
    const { mode } = body(request);
    if (!API_ACCESS_MODES.includes(mode as ApiAccessMode)) {
      throw new Error(`mode must be one of ${API_ACCESS_MODES.join(', ')}`);
    }
    context.apiAccess.mode = mode as ApiAccessMode;
  }
  return { mode: context.apiAccess.mode };
});

/**
 * GET, or POST {used?, resetPeaks?}: the day's API usage, requests in flight and Bulk API 2.0
 * jobs with their peaks (`control/concurrent-requests.ts`, `control/bulk-limits.ts`).
 */
export const apiLimits = control((request, context) => {
  if (request.method === 'POST') {
    const { used, resetPeaks } = body(request);
    if (used === undefined && resetPeaks !== true) throw new Error('used must be a number');
    if (used !== undefined) {
      if (typeof used !== 'number') throw new Error('used must be a number');
      context.usage.setUsed(used);
    }
    if (resetPeaks === true) {
      context.concurrency.resetPeaks();
      context.bulk.resetPeak();
    }
  }
  return {
    used: context.usage.used,
    max: context.usage.max,
    concurrency: context.concurrency.figures(),
    bulk: bulkFigures(context.bulk, context.bulkLimits),
  };
});
