import type { BackgroundRequest, ResponseOf, UnsubscribeResponse } from '../lib/messages';
import type { PageDocument } from '../lib/sender';
import { unsubscribeAnswer } from '../lib/unsubscribe-answer';
import { database } from './database';
import { manifestVersion } from './extension-api';
import { handlerOf, type Handlers, type RequestOf } from './handler-map';
import { refreshPage } from './page-refresh';
import { retry, undo, unsubscribe } from './record-actions';
import { recordState } from './record-state';
import { instanceUrlForPage, sessionFor } from './session';

/**
 * The extension's own unsubscribe of a record and of the records its click also covered, from
 * IndexedDB alone: what the widget polls.
 */
async function unsubscribeStatus(recordId: string, pageUrl: string): Promise<UnsubscribeResponse> {
  const instanceUrl = instanceUrlForPage(pageUrl);
  const session = instanceUrl ? await sessionFor(instanceUrl) : null;
  if (!session) return { ok: false, code: 'no-session' };
  return unsubscribeAnswer(await database(), session.orgId, recordId);
}

/**
 * The content script's requests, each answered with the response its type declares; `from` is the
 * page document the request came from (null from an extension page).
 */
const handlers: Handlers<BackgroundRequest, ResponseOf, [from: PageDocument | null]> = {
  ping: () => Promise.resolve({ ok: true, version: manifestVersion() }),
  'record-state': ({ record, pageUrl }) => recordState(record, pageUrl),
  'unsubscribe-status': ({ record, pageUrl }) => unsubscribeStatus(record.id, pageUrl),
  unsubscribe: ({ record, pageUrl }) => unsubscribe(record, pageUrl),
  undo: ({ record, pageUrl }) => undo(record, pageUrl),
  retry: ({ record, pageUrl }) => retry(record, pageUrl),
  'refresh-page': ({ record, pageUrl }, from) => refreshPage(record, pageUrl, from),
};

/** Answers one validated request of a content script. */
export function dispatch<T extends BackgroundRequest['type']>(
  request: RequestOf<BackgroundRequest, T>,
  from: PageDocument | null,
): Promise<ResponseOf[T]> {
  return handlerOf(handlers, request)(request, from);
}
