import * as z from 'zod';
import { orderFor } from '../../shared/domain/order-access';
import { order } from '../../shared/domain/orders';
import { defineHttpFunction } from '../../shared/http';

export default defineHttpFunction({
  name: 'orders-get',
  method: 'GET',
  path: '/v1/orders/{id}',
  summary: 'Get one of your orders with its status and items',
  access: 'customer',
  params: z.strictObject({ id: z.uuid({ error: 'must be a UUID' }) }),
  response: order,
  problems: [404],
  cacheControl: 'private, no-cache',
  handler: ({ params, caller }) => orderFor(caller, params.id),
});
