import type { Channel } from 'amqplib';
import { config } from '../config';
import type { EventTypeName } from './registry';
import { eventNames } from './names';

/** A consumer's queue and the event types bound to it. */
export interface Subscription {
  consumer: string;
  types: EventTypeName[];
}

/**
 * Declares, idempotently: the topic exchange (routing key = event type), its dead-letter exchange, and
 * per consumer a durable quorum queue whose rejected messages dead-letter into the consumer's DLQ, and
 * one retry queue per configured delay (EVENT_RETRY_DELAYS_MS). A retry queue holds what its consumer
 * asked to have redelivered later; its message TTL is the delay, and an expired message dead-letters
 * back into the consumer's queue through the default exchange. At-least-once dead-lettering (which
 * needs reject-publish overflow) keeps a message that cannot move yet instead of dropping it.
 */
export async function declareTopology(channel: Channel, subscriptions: Subscription[]): Promise<void> {
  const exchange = eventNames.exchange();
  const deadLetters = eventNames.deadLetterExchange();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertExchange(deadLetters, 'direct', { durable: true });
  for (const { consumer, types } of subscriptions) {
    const queue = eventNames.queue(consumer);
    const deadLetterQueue = eventNames.deadLetterQueue(consumer);
    await channel.assertQueue(deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(deadLetterQueue, deadLetters, queue);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { 'x-queue-type': 'quorum', 'x-dead-letter-exchange': deadLetters, 'x-dead-letter-routing-key': queue },
    });
    for (const type of types) await channel.bindQueue(queue, exchange, type);
    for (const delayMs of config().EVENT_RETRY_DELAYS_MS) {
      await channel.assertQueue(eventNames.retryQueue(consumer, delayMs), {
        durable: true,
        arguments: {
          'x-queue-type': 'quorum',
          'x-message-ttl': delayMs,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': queue,
          'x-dead-letter-strategy': 'at-least-once',
          'x-overflow': 'reject-publish',
        },
      });
    }
  }
}

/** Deletes every queue of the subscriptions and both exchanges: for test runs, which use a namespace of their own. */
export async function deleteTopology(channel: Channel, subscriptions: Subscription[]): Promise<void> {
  for (const { consumer } of subscriptions) for (const queue of eventNames.queuesOf(consumer)) await channel.deleteQueue(queue);
  await channel.deleteExchange(eventNames.exchange());
  await channel.deleteExchange(eventNames.deadLetterExchange());
}
