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
  query: listQuery,
  response: z.object({ items: z.array(product), nextCursor: z.string().nullable() }).meta({ id: 'ProductPage' }),
  cacheControl: 'public, no-cache',
  handler: ({ query }) => listProducts(query),
});
