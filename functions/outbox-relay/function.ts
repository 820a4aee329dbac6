import { defineEventFunction, relayOutbox } from '../../shared/events';
import { redriveStuckOrders } from './stuck-orders';

/**
 * Publishes the facts consumers wrote to the outbox, then re-drives stuck orders. Consumers relay
 * right after their own commits; this tick (a PingSource in the cluster, the dispatcher locally)
 * catches whatever they could not, and whatever orders no event is moving on any more.
 */
export default defineEventFunction({
  name: 'outbox-relay',
  on: {
    'dev.knative.sources.ping': async (_data, { log }) => {
      const published = await relayOutbox();
      if (published > 0) log.info({ published }, 'relayed outbox facts');
      const redriven = await redriveStuckOrders();
      if (redriven > 0) log.warn({ redriven }, 're-drove stuck orders');
    },
  },
});
