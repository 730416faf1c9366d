import type { MovedTo, UnsubscribeStatus } from './db/schema';
import type { Failure } from './failure';
import { parsePersonId, type RecordRef } from './ids';
import type { FieldProblem } from './opt-out-fields';
import { isSalesforcePageHost } from './salesforce-hosts';
import type { PersonObject } from './person-kinds';

/**
 * Messages between the content script / options page and the background service worker.
 * Every message is checked here before the background acts on it: a message that does not parse
 * is refused, whoever sent it.
 */

export interface PingRequest {
  readonly type: 'ping';
}

/** What the content script can ask about the record on its page. */
export type RecordAction =
  /** Its opt-out state, read from Salesforce, and its unsubscribe in the extension if any. */
  | 'record-state'
  /** Its unsubscribe in the extension only: no Salesforce request (the widget polls it). */
  | 'unsubscribe-status'
  | 'unsubscribe'
  /** Take back the rep's own click, within the undo window. */
  | 'undo'
  /** Send a failed unsubscribe again. */
  | 'retry'
  /**
   * The card saw its record's unsubscribe reach Salesforce (confirmed, or undone after that): ask
   * the page to show the new value in its own fields.
   */
  | 'refresh-page';

export const RECORD_ACTIONS: readonly RecordAction[] = [
  'record-state',
  'unsubscribe-status',
  'unsubscribe',
  'undo',
  'retry',
  'refresh-page',
];

/** A record action as the content script sends it. */
export interface RecordMessage {
  readonly type: RecordAction;
  readonly recordId: string;
  readonly pageUrl: string;
}

/** A record action once checked: its Id normalized to 18 characters, its object known. */
export interface RecordRequest {
  readonly type: RecordAction;
  readonly record: RecordRef;
  readonly pageUrl: string;
}

export type BackgroundMessage = PingRequest | RecordMessage;
export type BackgroundRequest = PingRequest | RecordRequest;

export interface OptOutField {
  readonly name: string;
  readonly label: string;
  readonly value: boolean;
}

/** The extension's own unsubscribe of a record, as the widget shows it. */
export interface UnsubscribeView {
  readonly status: UnsubscribeStatus;
  readonly lastError: Failure | null;
  readonly createdAt: number;
  /** Until when (ms since epoch) the rep may Undo the click; null when Undo does not apply. */
  readonly undoUntil: number | null;
  /** Where the unsubscribe moved when its record was merged or converted; null: it did not. */
  readonly movedTo: MovedTo | null;
}

/** A record with the same email address, as the card names and links it. */
export interface CoveredView {
  readonly recordId: string;
  readonly object: PersonObject;
  readonly name: string;
  /** Where it belongs (a Contact's account, a Lead's company); null: nowhere to name. */
  readonly place: string | null;
  /** Its Lightning page. */
  readonly url: string;
}

/** A record the click also unsubscribed, and where its own unsubscribe stands. */
export interface CoveredStatus extends CoveredView {
  readonly status: UnsubscribeStatus;
}

export interface RecordState {
  readonly id: string;
  readonly object: PersonObject;
  /** False for a business Account: the widget then shows nothing. */
  readonly isPerson: boolean;
  readonly name: string;
  readonly email: string | null;
  /** The opt-out fields shown: those an unsubscribe sets, then any other chosen ones. */
  readonly optOuts: readonly OptOutField[];
  /** The API names an unsubscribe sets now (R3 / R7). */
  readonly pushFields: readonly string[];
  /** Chosen fields that cannot be written (R1b): an unsubscribe is refused until they are fixed. */
  readonly problems: readonly FieldProblem[];
  readonly unsubscribe: UnsubscribeView | null;
  /**
   * With `sameEmail` on: the records with its email address that a click would also change
   * (those already opted out need no write and are only counted), in the order written.
   */
  readonly covers: readonly CoveredView[];
  /** How many records with its address have every push field set already. */
  readonly coversAlreadyOptedOut: number;
  /** The records its stored click also unsubscribed, each with its state. */
  readonly covered: readonly CoveredStatus[];
}

export interface PingResponse {
  readonly ok: true;
  readonly version: string;
}

export type RecordStateResponse = { readonly ok: true; readonly state: RecordState } | Failure;
/**
 * The record's unsubscribe after an action; `null` when the extension holds none. `covered`:
 * the records its click also unsubscribed, each with its state (empty when none).
 */
export type UnsubscribeResponse =
  | {
      readonly ok: true;
      readonly unsubscribe: UnsubscribeView | null;
      readonly covered: readonly CoveredStatus[];
    }
  | Failure;

/**
 * Whether the page was asked to show Salesforce's current values (Lightning's record view
 * refresh); false: the page cannot be refreshed in place (Classic, or no refresh to ask for).
 */
export type PageRefreshResponse = { readonly ok: true; readonly refreshed: boolean } | Failure;

export interface ResponseOf {
  ping: PingResponse;
  'record-state': RecordStateResponse;
  'unsubscribe-status': UnsubscribeResponse;
  unsubscribe: UnsubscribeResponse;
  undo: UnsubscribeResponse;
  retry: UnsubscribeResponse;
  'refresh-page': PageRefreshResponse;
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

function isRecordAction(type: unknown): type is RecordAction {
  return RECORD_ACTIONS.includes(type as RecordAction);
}

/** The request a message holds, or null when it is not one this extension sends. */
export function parseRequest(message: unknown): BackgroundRequest | null {
  if (!isRecord(message)) return null;
  const keys = Object.keys(message).length;
  if (message.type === 'ping') return keys === 1 ? { type: 'ping' } : null;
  if (!isRecordAction(message.type) || keys !== 3) return null;
  const record = typeof message.recordId === 'string' ? parsePersonId(message.recordId) : null;
  if (!record || !isSalesforcePageUrl(message.pageUrl)) return null;
  return { type: message.type, record, pageUrl: message.pageUrl };
}
