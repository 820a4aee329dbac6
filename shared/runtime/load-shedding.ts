import { monitorEventLoopDelay } from 'node:perf_hooks';
import { config } from '../config';

const sampleEveryMs = 500;
let overloaded = false;
let started = false;

/**
 * Watches the event loop's delay: when its p99 over the last half second passes
 * EVENT_LOOP_DELAY_LIMIT_MS the process is overloaded, and new requests are better refused (503,
 * Retry-After) than queued behind work it cannot finish in time.
 */
export function watchEventLoop(): void {
  if (started) return;
  started = true;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  setInterval(() => {
    overloaded = histogram.percentile(99) / 1e6 > config().EVENT_LOOP_DELAY_LIMIT_MS;
    histogram.reset();
  }, sampleEveryMs).unref();
}

export const isOverloaded = (): boolean => overloaded;
