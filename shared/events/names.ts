import { config } from '../config';

const current = () => config().EVENTS_NAMESPACE;

/**
 * Every exchange and queue name, derived from EVENTS_NAMESPACE so a test run can have its own; a
 * namespace given explicitly (the generated AsyncAPI document names production's) overrides it.
 */
export const eventNames = {
  exchange: (namespace = current()) => `${namespace}.events`,
  deadLetterExchange: (namespace = current()) => `${namespace}.events.dlx`,
  queue: (consumer: string, namespace = current()) => `${namespace}.${consumer}`,
  deadLetterQueue: (consumer: string, namespace = current()) => `${namespace}.${consumer}.dlq`,
  /** Where a consumer's redelivery waits `delayMs` before it expires back into the consumer's queue. */
  retryQueue: (consumer: string, delayMs: number, namespace = current()) => `${namespace}.${consumer}.retry.${delayMs}ms`,
  /** Every queue declared for one consumer: its work queue, its DLQ and its retry queues. */
  queuesOf: (consumer: string) => [
    eventNames.queue(consumer),
    eventNames.deadLetterQueue(consumer),
    ...config().EVENT_RETRY_DELAYS_MS.map((delayMs) => eventNames.retryQueue(consumer, delayMs)),
  ],
};
