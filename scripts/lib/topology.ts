import amqp from 'amqplib';
import { queueConsumers } from '../../functions';
import { config } from '../../shared/config';
import { declareTopology, eventNames } from '../../shared/events';

export const subscriptions = () => queueConsumers.map((fn) => ({ consumer: fn.name, types: fn.subscribes }));

/** Declares the exchange, DLX, and every consumer's queue and DLQ (idempotent). */
export async function declareBrokerTopology(url = config().AMQP_URL): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    await declareTopology(await connection.createChannel(), subscriptions());
  } finally {
    await connection.close();
  }
}

/** Deletes what declareBrokerTopology declared: for test runs, which use a namespace of their own. */
export async function deleteBrokerTopology(url = config().AMQP_URL): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const { consumer } of subscriptions()) {
      await channel.deleteQueue(eventNames.queue(consumer));
      await channel.deleteQueue(eventNames.deadLetterQueue(consumer));
    }
    await channel.deleteExchange(eventNames.exchange());
    await channel.deleteExchange(eventNames.deadLetterExchange());
  } finally {
    await connection.close();
  }
}
