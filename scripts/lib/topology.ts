import amqp from 'amqplib';
import { queueConsumers } from '../../functions';
import { config } from '../../shared/config';
import { declareTopology, deleteTopology } from '../../shared/events';

export const subscriptions = () => queueConsumers.map((fn) => ({ consumer: fn.name, types: fn.subscribes }));

/** Declares the exchange, DLX, and every consumer's queue, DLQ and retry queues (idempotent). */
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
    await deleteTopology(await connection.createChannel(), subscriptions());
  } finally {
    await connection.close();
  }
}
