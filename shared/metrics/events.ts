import { Counter, Histogram } from 'prom-client';
import { latencyBuckets, metricsOn, registry, secondsSince } from './registry';

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

const eventsHandled = new Counter({
  name: 'brisk_events_handled_total',
  help: 'Events a consumer answered, by function, type (other for one the event registry does not know) and status (204 done, 503 retry, 400/422 dead-letter)',
  labelNames: ['function', 'type', 'status'] as const,
  registers: [registry],
});

export function observePublish(type: string, outcome: 'confirmed' | 'failed', startedAt: number): void {
  if (metricsOn()) publishDuration.observe({ type, outcome }, secondsSince(startedAt));
}

export function recordDeliveryAttempt(consumer: string, outcome: 'ack' | 'retry' | 'dead-letter'): void {
  if (metricsOn()) deliveryAttempts.inc({ consumer, outcome });
}

export function recordEventHandled(fn: string, type: string, status: number): void {
  if (metricsOn()) eventsHandled.inc({ function: fn, type, status: String(status) });
}
