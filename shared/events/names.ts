import { config } from '../config';

/** Every exchange and queue name, derived from EVENTS_NAMESPACE so a test run can have its own. */
export const eventNames = {
  exchange: () => `${config().EVENTS_NAMESPACE}.events`,
  deadLetterExchange: () => `${config().EVENTS_NAMESPACE}.events.dlx`,
  queue: (consumer: string) => `${config().EVENTS_NAMESPACE}.${consumer}`,
  deadLetterQueue: (consumer: string) => `${config().EVENTS_NAMESPACE}.${consumer}.dlq`,
  /** Where a consumer's redelivery waits `delayMs` before it expires back into the consumer's queue. */
  retryQueue: (consumer: string, delayMs: number) => `${config().EVENTS_NAMESPACE}.${consumer}.retry.${delayMs}ms`,
  /** Every queue declared for one consumer: its work queue, its DLQ and its retry queues. */
  queuesOf: (consumer: string) => [
    eventNames.queue(consumer),
    eventNames.deadLetterQueue(consumer),
    ...config().EVENT_RETRY_DELAYS_MS.map((delayMs) => eventNames.retryQueue(consumer, delayMs)),
  ],
};
