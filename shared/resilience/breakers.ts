import { CircuitState, ConsecutiveBreaker, SamplingBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { logger } from '../log';
import { waitingOnUs } from '../process/load-shedding';

export const breakerStateNames = ['closed', 'open', 'half-open', 'isolated'] as const;
export type BreakerState = (typeof breakerStateNames)[number];

const stateNames: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

const registry = new Map<string, CircuitBreakerPolicy>();

export interface BreakerOptions {
  /** How long it stays open before one trial call (half-open). */
  halfOpenAfterMs: number;
  /** Opens once at least this share of the calls in the window failed (default 0.5). */
  failureRate?: number;
  /** The sliding window the share is taken over (default 2 s). */
  windowMs?: number;
  /** Calls per second the window must have seen before it may open (default 2: 4 calls in 2 s). */
  minimumRps?: number;
  /**
   * Consecutive failures that open it instead of a failure rate: only for callers not yet moved to the
   * rate (the payment breakers); any success resets the count, so a burst of slow answers under our own
   * load opens it as readily as an outage.
   */
  failures?: number;
  /** Which errors count against the dependency (default: all); a caller's own mistake should not. */
  isFailure?: (error: Error) => boolean;
}

/** Every breaker's window, failure rate and minimum throughput unless its options say otherwise (docs/operations.md). */
const defaultBreakerPolicy = { failureRate: 0.5, windowMs: 2_000, minimumRps: 2 } as const;

/**
 * cockatiel opens a SamplingBreaker when failures > threshold × calls; "at least `failureRate`" is that
 * with a threshold a hair below, exact for integer counts below a million calls a window.
 */
const atLeast = (rate: number) => rate - 1e-6;

/**
 * The circuit breaker guarding one dependency (one per name, per process). It opens once at least
 * `failureRate` of the calls it saw in the last `windowMs` failed, and only when there were at least
 * `minimumRps` calls a second in that window: a failing dependency opens it within about half a window,
 * while a few failures among many calls (timeouts while our own process is saturated) do not. Open,
 * calls fail at once with BrokenCircuitError, so callers take their fallback instead of waiting; after
 * `halfOpenAfterMs` one call tries again, and its success closes it with a fresh window. Transitions are
 * logged.
 */
export function breaker(name: string, options: BreakerOptions = { halfOpenAfterMs: 5_000 }): CircuitBreakerPolicy {
  const existing = registry.get(name);
  if (existing) return existing;
  const { failureRate, windowMs, minimumRps } = { ...defaultBreakerPolicy, ...options };
  const counting =
    options.failures === undefined
      ? new SamplingBreaker({ threshold: atLeast(failureRate), duration: windowMs, minimumRps })
      : new ConsecutiveBreaker(options.failures);
  const policy = circuitBreaker(handleWhen(options.isFailure ?? (() => true)), { halfOpenAfter: options.halfOpenAfterMs, breaker: counting });
  policy.onStateChange((state) => {
    const level = state === CircuitState.Open ? 'warn' : 'info';
    logger()[level]({ breaker: name, state: stateNames[state] }, `circuit breaker ${name} ${stateNames[state]}`);
  });
  registry.set(name, policy);
  return policy;
}

/** Every breaker this process has, by name, for /readyz and /metrics. */
export function breakerStates(): Record<string, BreakerState> {
  return Object.fromEntries([...registry].map(([name, policy]) => [name, stateNames[policy.state]]));
}

/** A dependency gave no answer within its timeout, the event loop's own delay not counted (see withTimeout). */
export class DependencyTimeout extends Error {
  override name = 'DependencyTimeout';
}

/**
 * Busy at least this share of the last 100–200 ms, the event loop is saturated: an answer due by now
 * may be waiting on us (its socket not read yet, its next command not yet written), not on the dependency.
 */
const saturatedUtilization = 0.9;
/** While the loop stays saturated, a timeout waits on, at most to this many times its length. */
const saturatedTimeoutFactor = 10;

/** Event-loop utilization marks 100 ms apart (refreshed once the first timeout is in use): the loop's recent past begins at `older`. */
let marks: { older: EventLoopUtilization; newer: EventLoopUtilization } | undefined;
function watchUtilization(): void {
  const now = performance.eventLoopUtilization();
  marks = { older: now, newer: now };
  setInterval(() => {
    marks = { older: marks!.newer, newer: performance.eventLoopUtilization() };
  }, 100).unref();
}

const loopSaturated = (): boolean =>
  performance.eventLoopUtilization(performance.eventLoopUtilization(), marks!.older).utilization >= saturatedUtilization;

/**
 * `call`'s answer, or a DependencyTimeout when it has none `ms` after the call, not counting the time
 * our own event loop kept the answer waiting. Each turn of the loop runs due timers before it reads
 * sockets, and each round trip of a call costs at least one turn, which a saturated loop stretches to
 * tens of milliseconds: measured plainly, a healthy dependency times out whenever the process is busy.
 * So when the timer fires:
 * - it waits for one more I/O phase (setImmediate runs right after it): an answer that came while the
 *   loop was busy is taken;
 * - while the loop is saturated (busy ≥ 90% of the last 100–200 ms) it waits on, checking again every
 *   tenth of `ms`, up to 10 × `ms`: a late answer then says nothing of the dependency. The process is
 *   over capacity, so load shedding refuses new requests while the answer waits (waitingOnUs); a
 *   dependency that stalls frees the loop (its callers stop working), so the wait ends;
 * - otherwise no answer is the dependency's: DependencyTimeout.
 * An answer or error after the timeout is dropped (never an unhandled rejection). No cost per call beyond
 * the timer: the loop's utilization is read only when a timer fires.
 */
export function withTimeout<T>(ms: number, call: () => Promise<T>): Promise<T> {
  if (!marks) watchUtilization();
  const answer = call();
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  let shedding: (() => void) | undefined;
  const expired = new Promise<never>((_, reject) => {
    let firstCheck: number | undefined;
    const check = () => {
      if (settled) return;
      const now = performance.now();
      firstCheck ??= now;
      const waited = ms + now - firstCheck;
      if (waited < saturatedTimeoutFactor * ms && loopSaturated()) {
        shedding ??= waitingOnUs();
        timer = setTimeout(afterIo, ms / 10);
      } else {
        shedding?.();
        reject(new DependencyTimeout(`no answer within ${ms} ms${waited > ms + 1 ? ` (waited ${Math.round(waited)} ms: the event loop was saturated)` : ''}`));
      }
    };
    const afterIo = () => setImmediate(check);
    timer = setTimeout(afterIo, ms);
  });
  return Promise.race([answer, expired]).finally(() => {
    settled = true;
    clearTimeout(timer);
    shedding?.();
  });
}
