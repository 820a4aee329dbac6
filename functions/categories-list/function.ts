import * as z from 'zod';
import { category } from '../../shared/domain/catalog';
import { defineHttpFunction } from '../../shared/http';
import { listCategories } from './handler';

export default defineHttpFunction({
  name: 'categories-list',
  method: 'GET',
  path: '/v1/categories',
  summary: 'List every category with its number of products',
  description: 'Every category, ordered by name; one page holds them all.',
  query: z.strictObject({}),
  response: z.object({ items: z.array(category) }).meta({ id: 'CategoryList' }),
  cacheControl: 'public, no-cache',
  handler: () => listCategories(),
});
