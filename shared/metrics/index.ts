import { Counter, Gauge } from 'prom-client';
import { type BreakerState, breakerStates } from '../resilience/breakers';
import { metricsOn, registry } from './registry';

export { observePublish, observeRelay, type OrderStage, recordDeliveryAttempt, recordEventHandled, timeOrderStage } from './events';
export { observeRequest } from './http';
export { metricsOn, registry, startTimer } from './registry';

const cacheLookups = new Counter({
  name: 'brisk_cache_lookups_total',
  help: 'Cache lookups by tier (l1 in-process, redis) and result (hit, miss)',
  labelNames: ['tier', 'result'] as const,
  registers: [registry],
});

const lookups = {
  l1: { hit: cacheLookups.labels('l1', 'hit'), miss: cacheLookups.labels('l1', 'miss') },
  redis: { hit: cacheLookups.labels('redis', 'hit'), miss: cacheLookups.labels('redis', 'miss') },
};

export type CacheTier = keyof typeof lookups;

/** Counts one cache lookup in a tier, a hit or a miss. */
export function recordCacheLookup(tier: CacheTier, hit: boolean): void {
  if (metricsOn()) lookups[tier][hit ? 'hit' : 'miss'].inc();
}

const breakerValues: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

new Gauge({
  name: 'brisk_circuit_breaker_state',
  help: 'Each circuit breaker of the process: 0 closed, 1 half-open, 2 open, 3 isolated',
  labelNames: ['breaker'] as const,
  registers: [registry],
  collect() {
    if (!metricsOn()) return;
    for (const [breaker, state] of Object.entries(breakerStates())) this.set({ breaker }, breakerValues[state]);
  },
});

const stuckOrders = new Gauge({
  name: 'brisk_orders_stuck',
  help: 'Orders still accepted, reserved or paid ORDER_STUCK_AFTER_SECONDS after their last change, by status, as the last sweep counted them',
  labelNames: ['status'] as const,
  registers: [registry],
});

/** The stuck orders the sweep just counted, by status. */
export function recordStuckOrders(counts: Record<'accepted' | 'reserved' | 'paid', number>): void {
  if (!metricsOn()) return;
  for (const [status, count] of Object.entries(counts)) stuckOrders.set({ status }, count);
}
