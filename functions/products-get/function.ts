import * as z from 'zod';
import { product, productId } from '../../shared/domain/catalog';
import { defineHttpFunction } from '../../shared/http';
import { getProduct } from './handler';

export default defineHttpFunction({
  name: 'products-get',
  method: 'GET',
  path: '/v1/products/{id}',
  summary: 'Get one product, with its stock',
  description: 'The product as the catalog holds it now, with its ETag. An id no product has is a 404.',
  params: z.strictObject({ id: productId.describe("The product's id") }),
  response: product,
  problems: [404],
  cacheControl: 'public, no-cache',
  handler: ({ params }) => getProduct(params.id),
});
