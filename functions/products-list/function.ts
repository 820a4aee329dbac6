import * as z from 'zod';
import { product } from '../../shared/domain/catalog';
import { defineHttpFunction } from '../../shared/http';
import { listProducts } from './handler';
import { listQuery } from './query';

export default defineHttpFunction({
  name: 'products-list',
  method: 'GET',
  path: '/v1/products',
  summary: 'List products: filter by category, full-text query and price; sort; keyset pages',
  description:
    'Keyset pages: `nextCursor` holds the last item\'s sort key and id, so pages stay stable however deep they go, and is null on the last page. Unknown parameters are rejected.',
  query: listQuery,
  response: z.object({ items: z.array(product), nextCursor: z.string().nullable() }).meta({ id: 'ProductPage' }),
  cacheControl: 'public, no-cache',
  openapi: {
    parameters: {
      category: 'Only the products of this category (its slug)',
      sort: '`newest` first, `price` ascending, `-price` descending, or by `name`',
      limit: 'Items per page',
    },
  },
  handler: ({ query }) => listProducts(query),
});
