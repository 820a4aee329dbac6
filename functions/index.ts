import catalogProjector from './catalog-projector/function';
import categoriesList from './categories-list/function';
import eventsIngest from './events-ingest/function';
import operationsGet from './operations-get/function';
import orderProcessor from './order-processor/function';
import ordersCancel from './orders-cancel/function';
import ordersCreate from './orders-create/function';
import ordersGet from './orders-get/function';
import ordersList from './orders-list/function';
import outboxRelay from './outbox-relay/function';
import productsGet from './products-get/function';
import productsList from './products-list/function';
import productsWrite from './products-write/function';

/** Every HTTP function: the local gateway serves them, OpenAPI documents them, the build bundles each. */
export const httpFunctions = [
  productsGet, productsList, categoriesList, productsWrite,
  ordersCreate, ordersGet, ordersList, ordersCancel,
  operationsGet, eventsIngest,
];

/** Consumers fed by RabbitMQ: each has a queue bound to the types it takes, delivered by RabbitmqSource (the dispatcher locally). */
export const queueConsumers = [orderProcessor, catalogProjector];

/** Every consumer, including the outbox relay, which a PingSource drives instead of a queue. */
export const eventFunctions = [...queueConsumers, outboxRelay];
