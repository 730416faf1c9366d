import browser from 'webextension-polyfill';
import type { BackgroundRequest, RecordStateRequest, RecordStateResponse } from '../lib/messages';
import { openConnection } from '../lib/salesforce/connection';
import { failureOf } from '../lib/salesforce/failure';
import { readRecordState } from '../lib/salesforce/record-state';
import { sessionForPage } from './session';

async function recordState(request: RecordStateRequest): Promise<RecordStateResponse> {
  const session = await sessionForPage(request.pageUrl);
  if (!session) return { ok: false, code: 'no-session' };
  try {
    return { ok: true, state: await readRecordState(openConnection(session), request.record) };
  } catch (error) {
    return failureOf(error);
  }
}

/** Answers one validated request. */
export function handle(request: BackgroundRequest): Promise<unknown> {
  switch (request.type) {
    case 'ping':
      return Promise.resolve({ ok: true, version: browser.runtime.getManifest().version });
    case 'record-state':
      return recordState(request);
  }
}
