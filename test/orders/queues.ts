import orderProcessor from '../../functions/order-processor/function';
import { withChannel } from '../../scripts/lib/amqp';
import { declareTopology, deleteTopology, eventNames } from '../../shared/events';

/**
 * Gives a test file an exchange, a dead-letter exchange and an order-processor queue + DLQ of its own.
 *
 * Jest runs test files in parallel workers. On the run's shared order-processor queue, one file's
 * dispatcher would take another file's orders and pay them at its own sandbox, so a file could
 * neither count authorizations at its sandbox nor keep its own order waiting for a provider. Call
 * before config() is first read: every name derives from EVENTS_NAMESPACE, and so do the names a
 * bundle spawned by the file uses. The file's Redis keys get a prefix of their own too.
 */
export function isolateOrderEvents(tag: string): void {
  process.env.EVENTS_NAMESPACE = `${process.env.EVENTS_NAMESPACE ?? 'brisk-test'}.${tag}`;
  process.env.REDIS_KEY_PREFIX = `${process.env.REDIS_KEY_PREFIX ?? 'brisk-test:v1:'}${tag}:`;
}

const subscription = () => ({ consumer: orderProcessor.name, types: orderProcessor.subscribes });

export const declareOrderQueues = (url: string) => withChannel((channel) => declareTopology(channel, [subscription()]), url);

/** Messages ready in the order-processor queue and in its DLQ (unacknowledged ones are not counted). */
export const queueDepths = (url: string) =>
  withChannel(async (channel) => ({
    queue: (await channel.checkQueue(eventNames.queue(orderProcessor.name))).messageCount,
    deadLetters: (await channel.checkQueue(eventNames.deadLetterQueue(orderProcessor.name))).messageCount,
  }), url);

export const deleteOrderQueues = (url: string) => withChannel((channel) => deleteTopology(channel, [subscription()]), url);

/** Empties the order-processor queue and its retry queues, as an operator's purge (or a lost message) would. */
export const purgeOrderQueues = (url: string) =>
  withChannel(async (channel) => {
    for (const queue of eventNames.queuesOf(orderProcessor.name)) await channel.purgeQueue(queue);
  }, url);
