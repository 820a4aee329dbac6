import * as z from 'zod';
import { defineHttpFunction } from '../../shared/http';
import { cancelOrder } from './handler';

export default defineHttpFunction({
  name: 'orders-cancel',
  method: 'POST',
  path: '/v1/orders/{id}/cancel',
  summary: 'Ask to cancel an order that is not yet paid',
  description:
    'Hands the cancellation to the order processor, which decides it against the order\'s state at that moment: GET the order (Location) to see it `cancelled`. An order past `reserved` is a 409.',
  access: 'customer',
  params: z.strictObject({ id: z.uuid({ error: 'must be a UUID' }).describe("The order's id") }),
  status: 202,
  response: z.object({ orderId: z.uuid(), status: z.literal('cancel_requested') }).meta({ id: 'CancelAccepted' }),
  problems: [404, 409, 503],
  openapi: { responseHeaders: { 202: { Location: { description: 'The order, to follow the cancellation: `/v1/orders/{id}`', required: true } } } },
  handler: ({ params, caller }) => cancelOrder(caller, params.id),
});
