import { describe, expect, it } from 'vitest';
import {
  failureOf,
  failureOfCode,
  isTransient,
  waitsForCure,
} from '../../src/lib/salesforce/failure';

describe('Salesforce failures', () => {
  it('maps each documented error code to what the rep is told', () => {
    const code = (errorCode: string) => failureOfCode(errorCode, 'm').code;
    expect(code('INVALID_SESSION_ID')).toBe('session-expired');
    expect(code('REQUEST_LIMIT_EXCEEDED')).toBe('rate-limited');
    expect(code('SERVER_UNAVAILABLE')).toBe('server-busy');
    expect(code('UNABLE_TO_LOCK_ROW')).toBe('server-busy');
    expect(code('ERROR_HTTP_502')).toBe('server-busy');
    expect(code('ENTITY_IS_DELETED')).toBe('not-found');
    expect(code('FIELD_CUSTOM_VALIDATION_EXCEPTION')).toBe('validation');
    expect(code('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY')).toBe('no-access');
    expect(code('CANNOT_UPDATE_CONVERTED_LEAD')).toBe('converted-lead');
    expect(code('INVALID_FIELD_FOR_INSERT_UPDATE')).toBe('field-unavailable');
    expect(code('SOMETHING_NEW')).toBe('salesforce');
  });

  it('keeps Salesforce’s own code and message', () => {
    expect(failureOfCode('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Email required')).toEqual({
      ok: false,
      code: 'validation',
      errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      detail: 'Email required',
    });
  });

  it('treats a fetch TypeError as the network, and a jsforce error by its errorCode', () => {
    expect(failureOf(new TypeError('Failed to fetch'))).toEqual({ ok: false, code: 'network' });
    const jsforceError = Object.assign(new Error('Session expired or invalid'), {
      errorCode: 'INVALID_SESSION_ID',
    });
    expect(failureOf(jsforceError).code).toBe('session-expired');
  });

  it('retries only what goes away by itself', () => {
    for (const c of [
      'no-session',
      'session-expired',
      'network',
      'rate-limited',
      'server-busy',
    ] as const) {
      expect(isTransient(c)).toBe(true);
    }
    for (const c of [
      'not-found',
      'validation',
      'no-access',
      'converted-lead',
      'field-unavailable',
      'salesforce',
    ] as const) {
      expect(isTransient(c)).toBe(false);
    }
  });
});

describe('a refused API', () => {
  it('maps API_DISABLED_FOR_ORG and API_CURRENTLY_DISABLED to api-disabled: not transient, waits for a cure', () => {
    for (const errorCode of ['API_DISABLED_FOR_ORG', 'API_CURRENTLY_DISABLED']) {
      const failure = failureOf({ errorCode, message: 'API is disabled for this User' });
      expect(failure).toMatchObject({ code: 'api-disabled', errorCode });
      expect(isTransient(failure.code)).toBe(false);
      expect(waitsForCure(failure.code)).toBe(true);
    }
    expect(waitsForCure('api-not-approved')).toBe(true);
    expect(waitsForCure('session-expired')).toBe(false);
  });
});
