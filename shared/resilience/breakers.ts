import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { logger } from '../log';

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
  /** Consecutive failures that open it. */
  failures: number;
  /** How long it stays open before one trial call (half-open). */
  halfOpenAfterMs: number;
  /** Which errors count against the dependency (default: all); a caller's own mistake should not. */
  isFailure?: (error: Error) => boolean;
}

/**
 * The circuit breaker guarding one dependency (one per name, per process): after `failures`
 * consecutive failures it opens and calls fail at once with BrokenCircuitError, so callers take their
 * fallback instead of waiting; after `halfOpenAfterMs` one call tries again. Transitions are logged.
 */
export function breaker(name: string, options: BreakerOptions = { failures: 5, halfOpenAfterMs: 5_000 }): CircuitBreakerPolicy {
  const existing = registry.get(name);
  if (existing) return existing;
  const policy = circuitBreaker(handleWhen(options.isFailure ?? (() => true)), { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.failures) });
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
