import * as z from 'zod';
import { idempotencyKeyPattern } from '../../shared/domain/idempotency';
import { orderItemInput } from '../../shared/domain/orders';
import { defineHttpFunction } from '../../shared/http';
import { createOrder } from './handler';

export const orderRequest = z.strictObject({
  items: z
    .array(orderItemInput)
    .min(1, 'must hold at least one item')
    .max(50, 'must hold at most 50 items')
    .refine((items) => new Set(items.map((item) => item.productId)).size === items.length, 'must not repeat a product'),
});

export default defineHttpFunction({
  name: 'orders-create',
  method: 'POST',
  path: '/v1/orders',
  summary: 'Place an order: validated, handed to the order processor, answered 202 at once',
  description:
    'Send an `Idempotency-Key` header to make retries safe: the same key and body return the same 202 and order id; the same key with another body is a 422; while the first request with the key is still being accepted, a 409 with Retry-After.',
  access: 'customer',
  body: orderRequest,
  status: 202,
  response: z.object({ orderId: z.uuid(), status: z.literal('accepted') }).meta({ id: 'OrderAccepted' }),
  problems: [409, 413, 415, 422, 503],
  openapi: {
    requestHeaders: {
      'Idempotency-Key': {
        description: 'Makes retries safe: 1–200 visible ASCII characters, kept per customer for 24 hours.',
        schema: { type: 'string', pattern: idempotencyKeyPattern.source },
      },
    },
    responseHeaders: {
      202: { Location: { description: 'The order: `/v1/orders/{orderId}`', required: true } },
      409: { 'Retry-After': { description: 'Seconds to wait when a request with the same Idempotency-Key is still being accepted.', required: true, schema: { type: 'integer', minimum: 1 } } },
    },
  },
  handler: ({ body, caller, request }) => createOrder(caller.sub, body.items, request.headers),
});
