import { parsePersonId, type PersonObject, type RecordRef } from './ids';
import { isSalesforcePageHost } from './salesforce-hosts';

/**
 * Messages between the content script / options page and the background service worker.
 * Every message is checked here before the background acts on it: a message that does not parse
 * is refused, whoever sent it.
 */

export interface PingRequest {
  readonly type: 'ping';
}

/** Asks for the opt-out state of the record on a Salesforce page, as the content script sends it. */
export interface RecordStateMessage {
  readonly type: 'record-state';
  readonly recordId: string;
  readonly pageUrl: string;
}

/** A record-state message once checked: its Id normalized to 18 characters, its object known. */
export interface RecordStateRequest {
  readonly type: 'record-state';
  readonly record: RecordRef;
  readonly pageUrl: string;
}

export type BackgroundMessage = PingRequest | RecordStateMessage;
export type BackgroundRequest = PingRequest | RecordStateRequest;

/** Why a request failed, as a code the UI turns into words in the user's language. */
export type FailureCode =
  'no-session' | 'session-expired' | 'network' | 'not-found' | 'rate-limited' | 'salesforce';

export interface Failure {
  readonly ok: false;
  readonly code: FailureCode;
  /** Salesforce's own message, when it gave one; shown after the plain-words explanation. */
  readonly detail?: string;
}

export interface OptOutField {
  readonly name: string;
  readonly label: string;
  readonly value: boolean;
}

export interface RecordState {
  readonly id: string;
  readonly object: PersonObject;
  /** False for a business Account: the widget then shows nothing. */
  readonly isPerson: boolean;
  readonly name: string;
  readonly email: string | null;
  readonly optOuts: readonly OptOutField[];
}

export interface PingResponse {
  readonly ok: true;
  readonly version: string;
}

export type RecordStateResponse = { readonly ok: true; readonly state: RecordState } | Failure;

export interface ResponseOf {
  ping: PingResponse;
  'record-state': RecordStateResponse;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSalesforcePageUrl(text: unknown): text is string {
  if (typeof text !== 'string' || text.length > 4096) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && isSalesforcePageHost(url.hostname);
  } catch {
    return false;
  }
}

/** The request a message holds, or null when it is not one this extension sends. */
export function parseRequest(message: unknown): BackgroundRequest | null {
  if (!isRecord(message)) return null;
  switch (message.type) {
    case 'ping':
      return Object.keys(message).length === 1 ? { type: 'ping' } : null;
    case 'record-state': {
      const record = typeof message.recordId === 'string' ? parsePersonId(message.recordId) : null;
      if (!record || !isSalesforcePageUrl(message.pageUrl)) return null;
      return { type: 'record-state', record, pageUrl: message.pageUrl };
    }
    default:
      return null;
  }
}
