import { defineEventFunction, relayOutbox } from '../../shared/events';

/**
 * Publishes the facts consumers wrote to the outbox. Consumers relay right after their own commits;
 * this tick (a PingSource in the cluster, the dispatcher locally) catches whatever they could not.
 */
export default defineEventFunction({
  name: 'outbox-relay',
  on: {
    'dev.knative.sources.ping': async (_data, { log }) => {
      const published = await relayOutbox();
      if (published > 0) log.info({ published }, 'relayed outbox facts');
    },
  },
});
