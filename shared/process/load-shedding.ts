import { monitorEventLoopDelay } from 'node:perf_hooks';
import { config } from '../config';

const sampleEveryMs = 500;
let overloaded = false;
let started = false;
let answersWaitingOnUs = 0;

/**
 * The delay's 90th percentile, not its p99: the histogram takes a sample per 10 ms tick, so one stall
 * (a GC pause, parsing a source map) is a single late sample that sets the p99 of its half second by
 * itself and would shed good traffic for that long; overload makes most samples late.
 */
const percentile = 90;

/**
 * Watches the event loop's delay: when its p90 over the last half second passes
 * EVENT_LOOP_DELAY_LIMIT_MS the process is overloaded, and new requests are better refused (503,
 * Retry-After) than queued behind work it cannot finish in time. It is overloaded too while any
 * dependency's answer, past its timeout, waits on this process's saturated loop (waitingOnUs): above
 * capacity the backlog is requests in flight, each waiting its turn for Redis or broker answers, more
 * than late timers (the delay's p99 stayed at 25–90 ms while answers waited seconds). A loop busy all
 * the time is not overloaded by itself: for a bounded number of clients (a benchmark's 64 connections)
 * it is at full throughput with no backlog.
 */
export function watchEventLoop(): void {
  if (started) return;
  started = true;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  setInterval(() => {
    overloaded = histogram.percentile(percentile) / 1e6 > config().EVENT_LOOP_DELAY_LIMIT_MS;
    histogram.reset();
  }, sampleEveryMs).unref();
}

/**
 * A dependency's answer is past its timeout and still waiting on this process's saturated event loop
 * (withTimeout): new requests are shed until it is taken or given up, when the returned function is called.
 */
export function waitingOnUs(): () => void {
  answersWaitingOnUs += 1;
  let waiting = true;
  return () => {
    if (waiting) answersWaitingOnUs -= 1;
    waiting = false;
  };
}

export const isOverloaded = (): boolean => overloaded || answersWaitingOnUs > 0;
