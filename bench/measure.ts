import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Emulator } from '../test/emulator/index';

/**
 * Wall time, API calls (the emulator's own count) and peak memory of one run. Memory is sampled
 * every 50 ms while the run goes on; the peaks are reported above the values just before it,
 * measured after a full garbage collection so that one run's garbage is not charged to the next.
 * A peak counts garbage not yet collected too, so the live heap is sampled as well: once a
 * second a full collection, then the heap in use — what the run holds, which is what grows with
 * the org when a run keeps it in memory. The emulator serves from the same process, so its own
 * work is included in every figure.
 */

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const SAMPLE_MS = 50;
const LIVE_SAMPLE_MS = 1000;
const MB = 1024 * 1024;

export interface Measurement<T> {
  readonly value: T;
  readonly wallMs: number;
  readonly apiCalls: number;
  readonly peakRssMb: number;
  readonly peakRssDeltaMb: number;
  readonly peakHeapDeltaMb: number;
  /** The most the heap held after a full collection while the run went on, above before it. */
  readonly liveHeapDeltaMb: number;
}

export async function measure<T>(emu: Emulator, work: () => Promise<T>): Promise<Measurement<T>> {
  collectGarbage();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  let liveHeap = before.heapUsed;
  const sampleLive = () => {
    collectGarbage();
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  const liveTimer = setInterval(sampleLive, LIVE_SAMPLE_MS);
  const callsBefore = emu.apiUsage.used;
  const started = performance.now();
  try {
    const value = await work();
    const wallMs = performance.now() - started;
    sample();
    return {
      value,
      wallMs,
      apiCalls: emu.apiUsage.used - callsBefore,
      peakRssMb: peakRss / MB,
      peakRssDeltaMb: (peakRss - before.rss) / MB,
      peakHeapDeltaMb: (peakHeap - before.heapUsed) / MB,
      liveHeapDeltaMb: (liveHeap - before.heapUsed) / MB,
    };
  } finally {
    clearInterval(timer);
    clearInterval(liveTimer);
  }
}
