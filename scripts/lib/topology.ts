import { queueConsumers } from '../../functions';
import { config } from '../../shared/config';
import { declareTopology, deleteTopology } from '../../shared/events';
import { withChannel } from './amqp';

export const subscriptions = () => queueConsumers.map((fn) => ({ consumer: fn.name, types: fn.subscribes }));

/** Declares the exchange, DLX, and every consumer's queue, DLQ and retry queues (idempotent). */
export function declareBrokerTopology(url = config().AMQP_URL): Promise<void> {
  return withChannel((channel) => declareTopology(channel, subscriptions()), url);
}

/** Deletes what declareBrokerTopology declared: for test runs, which use a namespace of their own. */
export function deleteBrokerTopology(url = config().AMQP_URL): Promise<void> {
  return withChannel((channel) => deleteTopology(channel, subscriptions()), url);
}
