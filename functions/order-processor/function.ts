import { defineEventFunction } from '../../shared/events';
import { cancelOrder } from './cancel';
import { processOrder } from './process';

/**
 * Takes each placed order through reservation, payment and confirmation, resuming where it stopped
 * when an event is redelivered; takes cancellations.
 */
export default defineEventFunction({
  name: 'order-processor',
  on: {
    'brisk.orders.order.placed': (data) => processOrder(data),
    'brisk.orders.order.cancel_requested': (data, { event }) => cancelOrder(data, event.id),
  },
});
