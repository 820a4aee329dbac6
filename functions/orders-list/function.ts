import * as z from 'zod';
import { pageLimit } from '../../shared/http/query-params';
import { order } from '../../shared/domain/orders';
import { defineHttpFunction } from '../../shared/http';
import { listOrders } from './handler';

export default defineHttpFunction({
  name: 'orders-list',
  method: 'GET',
  path: '/v1/orders',
  summary: 'List your orders, newest first',
  description: 'An order is listed once the order processor has taken it (right after its 202); GET /v1/orders/{id} shows it from the 202 on.',
  access: 'customer',
  query: z.strictObject({
    limit: pageLimit.describe('Orders per page'),
    cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page'),
  }),
  response: z.object({ items: z.array(order), nextCursor: z.string().nullable() }).meta({ id: 'OrderPage' }),
  cacheControl: 'private, no-cache',
  handler: ({ query, caller }) => listOrders(caller.sub, query.limit, query.cursor),
});
