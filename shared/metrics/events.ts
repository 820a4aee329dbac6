import { Counter, Histogram } from 'prom-client';
import { latencyBuckets, metricsOn, registry, secondsSince, startTimer } from './registry';

const publishDuration = new Histogram({
  name: 'brisk_event_publish_duration_seconds',
  help: 'Event publishes by type and outcome (confirmed, failed): seconds from the publish call to the broker confirm or the failure',
  labelNames: ['type', 'outcome'] as const,
  buckets: latencyBuckets,
  registers: [registry],
});

const deliveryAttempts = new Counter({
  name: 'brisk_event_delivery_attempts_total',
  help: 'Deliveries the local dispatcher attempted, by consumer and what each led to: ack, retry, or dead-letter',
  labelNames: ['consumer', 'outcome'] as const,
  registers: [registry],
});

const deliveryDuration = new Histogram({
  name: 'brisk_event_delivery_duration_seconds',
  help: 'Deliveries the local dispatcher attempted, by consumer and outcome (ack, retry, dead-letter): seconds from the POST to its answer or failure',
  labelNames: ['consumer', 'outcome'] as const,
  buckets: latencyBuckets,
  registers: [registry],
});

const orderStageDuration = new Histogram({
  name: 'brisk_order_stage_duration_seconds',
  help: "The order processor's steps by stage: reserve (the reservation: one call of reserve_order), payment (the provider's answer), answer (the statement recording it)",
  labelNames: ['stage'] as const,
  buckets: latencyBuckets,
  registers: [registry],
});

const relayDuration = new Histogram({
  name: 'brisk_outbox_relay_duration_seconds',
  help: 'Outbox relay runs that found facts: seconds to claim them, publish each with its confirm, and delete those published',
  buckets: latencyBuckets,
  registers: [registry],
});

const eventsHandled = new Counter({
  name: 'brisk_events_handled_total',
  help: 'Events a consumer answered, by function, type (other for one the event registry does not know) and status (204 done, 503 retry, 400/422 dead-letter)',
  labelNames: ['function', 'type', 'status'] as const,
  registers: [registry],
});

export function observePublish(type: string, outcome: 'confirmed' | 'failed', startedAt: number): void {
  if (metricsOn()) publishDuration.observe({ type, outcome }, secondsSince(startedAt));
}

export function recordDeliveryAttempt(consumer: string, outcome: 'ack' | 'retry' | 'dead-letter', startedAt: number): void {
  if (!metricsOn()) return;
  deliveryAttempts.inc({ consumer, outcome });
  deliveryDuration.observe({ consumer, outcome }, secondsSince(startedAt));
}

export type OrderStage = 'reserve' | 'payment' | 'answer';

/** Times one step of the order processor: its result, observed under `stage` whether it succeeds or throws. */
export async function timeOrderStage<T>(stage: OrderStage, step: () => Promise<T>): Promise<T> {
  if (!metricsOn()) return step();
  const startedAt = startTimer();
  try {
    return await step();
  } finally {
    orderStageDuration.observe({ stage }, secondsSince(startedAt));
  }
}

export function observeRelay(startedAt: number): void {
  if (metricsOn()) relayDuration.observe(secondsSince(startedAt));
}

export function recordEventHandled(fn: string, type: string, status: number): void {
  if (metricsOn()) eventsHandled.inc({ function: fn, type, status: String(status) });
}
