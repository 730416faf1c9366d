import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/lib/pipeline';

/** A task the test settles by hand, and what it was started with. */
interface Manual {
  readonly n: number;
  readonly promise: Promise<number | undefined>;
  resolve(value: number | undefined): void;
  reject(error: Error): void;
}

function manual(n: number): Manual {
  let resolve: Manual['resolve'] = () => undefined;
  let reject: Manual['reject'] = () => undefined;
  const promise = new Promise<number | undefined>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { n, promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
/** Lets every promise settled so far run its reactions. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await tick();
}

describe('pipeline', () => {
  it('keeps at most `limit` tasks in flight and finishes them in the order started', async () => {
    const tasks: Manual[] = [];
    const finished: number[] = [];
    let inFlight = 0;
    let most = 0;
    const run = pipeline(
      2,
      () => {
        if (tasks.length === 6) return undefined;
        const task = manual(tasks.length);
        tasks.push(task);
        inFlight += 1;
        most = Math.max(most, inFlight);
        return task.promise.finally(() => (inFlight -= 1));
      },
      async (n) => {
        finished.push(n);
        await tick();
      },
    );
    await flush();
    expect(tasks).toHaveLength(2);
    // The second answers first: it waits for the first to be finished.
    tasks[1]?.resolve(1);
    await flush();
    expect(finished).toEqual([]);
    expect(tasks).toHaveLength(2);
    tasks[0]?.resolve(0);
    await flush();
    expect(finished).toEqual([0, 1]);
    for (let i = 0; i < 3; i++) {
      for (const task of tasks.slice(2)) task.resolve(task.n);
      await flush();
    }
    await run;
    expect(finished).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('starts the next task while one is being finished', async () => {
    const events: string[] = [];
    let n = 0;
    await pipeline(
      1,
      () => {
        if (n === 3) return undefined;
        const mine = n++;
        events.push(`start ${mine}`);
        return Promise.resolve(mine);
      },
      async (i) => {
        events.push(`finish ${i}`);
        await tick();
        events.push(`finished ${i}`);
      },
    );
    expect(events).toEqual([
      'start 0',
      'start 1',
      'finish 0',
      'finished 0',
      'start 2',
      'finish 1',
      'finished 1',
      'finish 2',
      'finished 2',
    ]);
  });

  it('starts nothing after a task that resolves to undefined (a chain that ended)', async () => {
    const finished: number[] = [];
    let n = 0;
    await pipeline(
      1,
      () => {
        n += 1;
        return Promise.resolve(n === 3 ? undefined : n);
      },
      (value) => {
        finished.push(value);
        return Promise.resolve();
      },
    );
    expect(finished).toEqual([1, 2]);
    expect(n).toBe(3);
  });

  it('lets a task depend on the one started before it', async () => {
    let last: Promise<number | undefined> = Promise.resolve(0);
    const finished: number[] = [];
    await pipeline(
      2,
      () => {
        const next = last.then((prev) => (prev === undefined || prev >= 3 ? undefined : prev + 1));
        last = next;
        return next;
      },
      (value) => {
        finished.push(value);
        return Promise.resolve();
      },
    );
    expect(finished).toEqual([1, 2, 3]);
  });

  it('stops starting on a failure and throws it once the started tasks settle', async () => {
    const tasks: Manual[] = [];
    const finished: number[] = [];
    const run = pipeline(
      3,
      () => {
        const task = manual(tasks.length);
        tasks.push(task);
        return task.promise;
      },
      (value) => {
        finished.push(value);
        return Promise.resolve();
      },
    );
    const outcome = run.then(
      () => null,
      (error: unknown) => error,
    );
    await flush();
    expect(tasks).toHaveLength(3);
    // A later task fails first: nothing after the earlier one is finished.
    tasks[1]?.reject(new Error('lost'));
    tasks[0]?.resolve(0);
    await flush();
    let settled = false;
    void outcome.then(() => (settled = true));
    await flush();
    // The tasks still in flight are waited for before the failure is thrown.
    expect(settled).toBe(false);
    tasks[2]?.resolve(2);
    tasks[3]?.resolve(3);
    expect(await outcome).toEqual(new Error('lost'));
    expect(finished).toEqual([0]);
    expect(tasks).toHaveLength(4);
  });

  it('throws a failure of `finish` and finishes nothing after it', async () => {
    const finished: number[] = [];
    let n = 0;
    await expect(
      pipeline(
        2,
        () => (n < 5 ? Promise.resolve(n++) : undefined),
        (value) => {
          if (value === 1) return Promise.reject(new Error('store failed'));
          finished.push(value);
          return Promise.resolve();
        },
      ),
    ).rejects.toThrow('store failed');
    expect(finished).toEqual([0]);
  });

  it('refuses a limit below one', async () => {
    await expect(
      pipeline(
        0,
        () => undefined,
        () => Promise.resolve(),
      ),
    ).rejects.toThrow(RangeError);
  });
});
