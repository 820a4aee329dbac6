import * as z from 'zod';
import { defineHttpFunction } from '../../shared/http';
import { cancelOrder } from './handler';

export default defineHttpFunction({
  name: 'orders-cancel',
  method: 'POST',
  path: '/v1/orders/{id}/cancel',
  summary: 'Ask to cancel an order that is not yet paid',
  access: 'customer',
  params: z.strictObject({ id: z.uuid({ error: 'must be a UUID' }) }),
  status: 202,
  response: z.object({ orderId: z.uuid(), status: z.literal('cancel_requested') }).meta({ id: 'CancelAccepted' }),
  problems: [404, 409, 503],
  handler: ({ params, caller }) => cancelOrder(caller, params.id),
});
