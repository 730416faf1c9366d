import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Emulator } from '../test/emulator/index';

/**
 * Wall time, API calls (the emulator's own count) and peak memory of one run. Memory is sampled
 * every 50 ms while the run goes on; the peaks are reported above the values just before it,
 * measured after a full garbage collection so that one run's garbage is not charged to the next.
 * The emulator serves from the same process, so its own work is included in every figure.
 */

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const SAMPLE_MS = 50;
const MB = 1024 * 1024;

export interface Measurement<T> {
  readonly value: T;
  readonly wallMs: number;
  readonly apiCalls: number;
  readonly peakRssMb: number;
  readonly peakRssDeltaMb: number;
  readonly peakHeapDeltaMb: number;
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
  const timer = setInterval(sample, SAMPLE_MS);
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
    };
  } finally {
    clearInterval(timer);
  }
}
