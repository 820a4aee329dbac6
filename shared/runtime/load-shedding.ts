import { monitorEventLoopDelay } from 'node:perf_hooks';
import { config } from '../config';

const sampleEveryMs = 500;
let overloaded = false;
let started = false;
let waitedOnUs = false;

/**
 * Watches the event loop: the process is overloaded, and new requests are better refused (503,
 * Retry-After) than queued behind work it cannot finish in time, for the next half second after
 * - the event-loop delay's p99 over the last half second passed EVENT_LOOP_DELAY_LIMIT_MS, or
 * - a dependency's answer waited past its timeout on this process's saturated loop (noteWaitOnUs).
 * Above capacity the backlog is requests in flight, each waiting its turn for Redis or broker answers,
 * more than late timers: the delay's p99 stayed at 25–90 ms while answers waited seconds. A loop busy
 * all the time is not overloaded by itself: with a bounded number of clients (a benchmark's 64
 * connections) it is at full throughput with no backlog.
 */
export function watchEventLoop(): void {
  if (started) return;
  started = true;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  setInterval(() => {
    overloaded = histogram.percentile(99) / 1e6 > config().EVENT_LOOP_DELAY_LIMIT_MS || waitedOnUs;
    waitedOnUs = false;
    histogram.reset();
  }, sampleEveryMs).unref();
}

/** A dependency's answer is past its timeout and still waiting on this process's saturated event loop (withTimeout): shed at once. */
export function noteWaitOnUs(): void {
  if (!started) return;
  waitedOnUs = true;
  overloaded = true;
}

export const isOverloaded = (): boolean => overloaded;
