import * as z from 'zod';
import { defineHttpFunction, endpoint } from '../../shared/http';
import { docsAsset, docsPage, openApiDocument } from './handler';

/** The API's own description: OpenAPI 3.1 generated from every function definition, and a rendered reference. */
export default defineHttpFunction({
  name: 'api-docs',
  endpoints: [
    endpoint({
      method: 'GET',
      path: '/openapi.json',
      summary: 'The OpenAPI 3.1 document',
      query: z.strictObject({}),
      response: z.object({ openapi: z.string() }).loose(),
      cacheControl: 'public, no-cache',
      handler: async () => openApiDocument(),
    }),
    endpoint({
      method: 'GET',
      path: '/docs',
      summary: 'The rendered API reference',
      response: z.string(),
      cacheControl: 'public, no-cache',
      handler: async () => docsPage(),
    }),
    endpoint({
      method: 'GET',
      path: '/docs/{asset}',
      summary: 'A static asset of the API reference',
      params: z.strictObject({ asset: z.enum(['swagger-ui-bundle.js', 'swagger-ui.css']) }),
      response: z.string(),
      problems: [404],
      cacheControl: 'public, max-age=86400',
      handler: ({ params }) => docsAsset(params.asset),
    }),
  ],
});
