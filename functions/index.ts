import categoriesList from './categories-list/function';
import orderProcessor from './order-processor/function';
import ordersCancel from './orders-cancel/function';
import ordersCreate from './orders-create/function';
import ordersGet from './orders-get/function';
import ordersList from './orders-list/function';
import outboxRelay from './outbox-relay/function';
import productsGet from './products-get/function';
import productsList from './products-list/function';

/** Every HTTP function: the local gateway serves them, OpenAPI documents them, the build bundles each. */
export const httpFunctions = [productsGet, productsList, categoriesList, ordersCreate, ordersGet, ordersList, ordersCancel];

/** Every consumer: each has a queue bound to the types it takes, and the dispatcher delivers to it. */
export const eventFunctions = [orderProcessor, outboxRelay];

/** Consumers fed by RabbitMQ (the outbox relay is driven by a ping, not a queue). */
export const queueConsumers = [orderProcessor];
