/** Runs jobs one at a time, in the order they were asked for, whatever each one's outcome. */
export type Serial = <T>(job: () => Promise<T>) => Promise<T>;

export function serialQueue(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return (job) => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The service worker's Salesforce work, one job at a time, so that an Undo never races the send
 * it takes back and two flushes never send the same record.
 */
export const exclusive: Serial = serialQueue();
