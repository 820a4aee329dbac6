import type { Channel } from 'amqplib';
import type { EventTypeName } from './registry';
import { eventNames } from './names';

/** A consumer's queue and the event types bound to it. */
export interface Subscription {
  consumer: string;
  types: EventTypeName[];
}

/**
 * Declares, idempotently: the topic exchange (routing key = event type), its dead-letter exchange, and
 * per consumer a durable quorum queue whose rejected messages dead-letter into the consumer's DLQ.
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
  }
}
