import { config } from '../config';

/** Every exchange and queue name, derived from EVENTS_NAMESPACE so a test run can have its own. */
export const eventNames = {
  exchange: () => `${config().EVENTS_NAMESPACE}.events`,
  deadLetterExchange: () => `${config().EVENTS_NAMESPACE}.events.dlx`,
  queue: (consumer: string) => `${config().EVENTS_NAMESPACE}.${consumer}`,
  deadLetterQueue: (consumer: string) => `${config().EVENTS_NAMESPACE}.${consumer}.dlq`,
};
