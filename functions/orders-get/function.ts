import * as z from 'zod';
import { orderFor } from '../../shared/domain/order-access';
import { order } from '../../shared/domain/orders';
import { defineHttpFunction } from '../../shared/http';

export default defineHttpFunction({
  name: 'orders-get',
  method: 'GET',
  path: '/v1/orders/{id}',
  summary: 'Get one of your orders with its status and items',
  description:
    "Shows an order from its 202 on, and never a status older than one it has shown. Another customer's order is a 404, as if it did not exist (admins see every order).",
  access: 'customer',
  params: z.strictObject({ id: z.uuid({ error: 'must be a UUID' }).describe("The order's id, from the 202 that accepted it") }),
  response: order,
  problems: [404],
  cacheControl: 'private, no-cache',
  handler: ({ params, caller }) => orderFor(caller, params.id),
});
