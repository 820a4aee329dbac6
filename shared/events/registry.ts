import * as z from 'zod';
import { text } from '../domain/storable';

const id = z.uuid();
const reason = text().min(1).max(200);
const actor = text().min(1).max(128);

const orderItem = z.object({ productId: id, quantity: z.int().min(1).max(1000) });
const orderFact = (status: string) =>
  z.object({ orderId: id, customerId: actor, status: z.literal(status), reason: reason.optional() });

const productFields = z.object({
  sku: text().min(1).max(64),
  name: text().min(1).max(200),
  description: text().max(5000),
  category: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  price: z.int().min(0).max(2_147_483_647),
  currency: z.string().regex(/^[A-Z]{3}$/),
  stock: z.int().min(0).max(2_147_483_647),
});

interface EventType {
  /** What happened, for the event catalogue (docs/events.md). */
  description: string;
  /** Who may publish it: function names, or `external` for producers outside Brisk (POST /v1/events). */
  producers: string[];
  data: z.ZodType;
}

/**
 * Every event type Brisk publishes or accepts, `brisk.<context>.<entity>.<verb>`: the one place to
 * read what travels over RabbitMQ. Consumers name the types they take in their own definitions.
 */
export const eventTypes = {
  'brisk.orders.order.placed': {
    description: 'A customer placed an order; it is accepted and waits to be reserved and paid.',
    producers: ['orders-create'],
    data: z.object({ orderId: id, customerId: actor, items: z.array(orderItem).min(1).max(50) }),
  },
  'brisk.orders.order.cancel_requested': {
    description: 'The owner (or an admin) asked to cancel an order.',
    producers: ['orders-cancel'],
    data: z.object({ orderId: id, customerId: actor, requestedBy: actor }),
  },
  'brisk.orders.order.confirmed': {
    description: 'Fact: stock is reserved and payment authorized; the order is final.',
    producers: ['order-processor'],
    data: orderFact('confirmed'),
  },
  'brisk.orders.order.rejected': {
    description: 'Fact: the order could not be reserved (unknown product, not enough stock).',
    producers: ['order-processor'],
    data: orderFact('rejected'),
  },
  'brisk.orders.order.cancelled': {
    description: 'Fact: the order was cancelled; any reserved stock was released.',
    producers: ['order-processor'],
    data: orderFact('cancelled'),
  },
  'brisk.orders.order.payment_failed': {
    description: 'Fact: payment was declined; the reserved stock was released.',
    producers: ['order-processor'],
    data: orderFact('payment_failed'),
  },
  'brisk.catalog.product.upsert_requested': {
    description: 'An admin created or changed a product (PATCH carries only the changed fields).',
    producers: ['products-write'],
    data: z.object({ operationId: id, productId: id, requestedBy: actor, changes: productFields.partial() }),
  },
  'brisk.catalog.product.delete_requested': {
    description: 'An admin deleted a product.',
    producers: ['products-write'],
    data: z.object({ operationId: id, productId: id, requestedBy: actor }),
  },
  'brisk.catalog.stock.adjusted': {
    description: 'A system outside Brisk (a warehouse) changed stock: by a delta, or to a counted level.',
    producers: ['external'],
    data: z.union([
      z.object({ productId: id, delta: z.int().min(-1_000_000).max(1_000_000).refine((delta) => delta !== 0, 'must not be 0'), reason }),
      z.object({ productId: id, level: z.int().min(0).max(2_147_483_647), reason }),
    ]),
  },
  'dev.knative.sources.ping': {
    description: 'A tick from Knative PingSource (locally, from the dispatcher): drives the outbox relay.',
    producers: ['pingsource'],
    data: z.unknown(),
  },
} satisfies Record<string, EventType>;

export type EventTypeName = keyof typeof eventTypes;
export type EventData<T extends EventTypeName> = z.output<(typeof eventTypes)[T]['data']>;

export function isEventType(type: string): type is EventTypeName {
  return Object.hasOwn(eventTypes, type);
}
