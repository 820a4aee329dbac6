import { monitorEventLoopDelay } from 'node:perf_hooks';
import { config } from '../config';

const sampleEveryMs = 500;
/**
 * Busy this share of a sample, the loop never waited for I/O: work came in faster than it was done,
 * and the backlog is requests in flight (waiting their turn for Redis or broker answers) rather than
 * a late timer, so the delay alone does not show it.
 */
const saturatedUtilization = 0.98;
let overloaded = false;
let started = false;

/**
 * Watches the event loop: when its delay's p99 over the last half second passes
 * EVENT_LOOP_DELAY_LIMIT_MS, or it was busy for 98% of that half second or more, the process is
 * overloaded, and new requests are better refused (503, Retry-After) than queued behind work it
 * cannot finish in time.
 */
export function watchEventLoop(): void {
  if (started) return;
  started = true;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let mark = performance.eventLoopUtilization();
  setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, mark).utilization;
    mark = now;
    overloaded = histogram.percentile(99) / 1e6 > config().EVENT_LOOP_DELAY_LIMIT_MS || busy >= saturatedUtilization;
    histogram.reset();
  }, sampleEveryMs).unref();
}

export const isOverloaded = (): boolean => overloaded;
