/**
 * A bounded, ordered pipeline: up to `limit` tasks are in flight (started, and not yet taken up
 * to be finished) at any time, and each is finished in the order it was started, one at a time.
 * Work that waits (a request in flight) overlaps the finishing of earlier work (storing what an
 * earlier request brought), while whatever `finish` does — a checkpoint above all — still happens
 * strictly in order: a checkpoint never passes a task that is not finished.
 *
 * `start` is called synchronously to start the next task, and returns undefined when there is
 * none to start. Its promise may resolve to undefined: the task found nothing left to do (a read
 * chain that ended), so none is started after it. A task may depend on the one started before it
 * by awaiting that one's promise itself (the next batch of a query needs the last one's answer).
 *
 * On the first failure (of a task or of `finish`) no further task is started and the failure is
 * thrown once the tasks already started have settled: none is left running unwatched.
 */
export async function pipeline<R>(
  limit: number,
  start: () => Promise<R | undefined> | undefined,
  finish: (result: R) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be 1 or more');
  const started: Promise<R | undefined>[] = [];
  let more = true;
  const fill = () => {
    while (more && started.length < limit) {
      const task = start();
      if (task === undefined) more = false;
      else {
        // Watched at once: a task failing while an earlier one is finished is no unhandled
        // rejection; it is thrown when its turn comes.
        task.catch(() => undefined);
        started.push(task);
      }
    }
  };
  try {
    fill();
    for (let task = started.shift(); task; task = started.shift()) {
      const result = await task;
      // The finished task's place is taken before `finish` runs: it overlaps the next one.
      if (result === undefined) more = false;
      fill();
      if (result !== undefined) await finish(result);
    }
  } catch (error) {
    more = false;
    await Promise.allSettled(started);
    throw error;
  }
}
