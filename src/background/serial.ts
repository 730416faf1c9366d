/**
 * Runs the service worker's Salesforce work one job at a time, so that an Undo never races the
 * send it takes back and two flushes never send the same record.
 */
let tail: Promise<unknown> = Promise.resolve();

export function exclusive<T>(job: () => Promise<T>): Promise<T> {
  const run = tail.then(job, job);
  tail = run.catch(() => undefined);
  return run;
}
