import browser from 'webextension-polyfill';
import type { OptionsRequest, OptionsResponseOf } from '../lib/options-messages';

/** The service worker gave no answer (it is not running, or does not know the request). */
export class NoAnswerError extends Error {
  constructor(type: string) {
    super(`no answer from the background to '${type}'`);
    this.name = 'NoAnswerError';
  }
}

/**
 * Sends an options-page request to the service worker and types its answer by the request's type.
 * Rejects with NoAnswerError when no answer comes back, so a page never waits on `undefined`.
 */
export async function askOptions<R extends OptionsRequest>(
  request: R,
): Promise<OptionsResponseOf[R['type']]> {
  let answer: unknown;
  try {
    answer = await browser.runtime.sendMessage(request);
  } catch {
    throw new NoAnswerError(request.type);
  }
  if (typeof answer !== 'object' || answer === null || !('ok' in answer)) {
    throw new NoAnswerError(request.type);
  }
  return answer as OptionsResponseOf[R['type']];
}
