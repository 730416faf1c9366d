import type { BackgroundRequest, UnsubscribeResponse } from '../lib/messages';
import { getUnsubscribe } from '../lib/db/unsubscribes';
import { viewOf } from '../lib/unsubscribe-record';
import { database } from './database';
import { manifestVersion } from './extension-api';
import { retry, undo, unsubscribe } from './record-actions';
import { recordState } from './record-state';
import { instanceUrlForPage, sessionFor } from './session';

/** The extension's own unsubscribe of a record, from IndexedDB alone: what the widget polls. */
async function unsubscribeStatus(recordId: string, pageUrl: string): Promise<UnsubscribeResponse> {
  const instanceUrl = instanceUrlForPage(pageUrl);
  const session = instanceUrl ? await sessionFor(instanceUrl) : null;
  if (!session) return { ok: false, code: 'no-session' };
  const record = await getUnsubscribe(await database(), session.orgId, recordId);
  return { ok: true, unsubscribe: viewOf(record) };
}

/** Answers one validated request. */
export function handle(request: BackgroundRequest): Promise<unknown> {
  if (request.type === 'ping') {
    return Promise.resolve({ ok: true, version: manifestVersion() });
  }
  const { record, pageUrl } = request;
  switch (request.type) {
    case 'record-state':
      return recordState(record, pageUrl);
    case 'unsubscribe-status':
      return unsubscribeStatus(record.id, pageUrl);
    case 'unsubscribe':
      return unsubscribe(record, pageUrl);
    case 'undo':
      return undo(record, pageUrl);
    case 'retry':
      return retry(record, pageUrl);
  }
}
