import * as z from 'zod';
import { defineHttpFunction, endpoint, type Reply } from '../../shared/http';
import { asyncApiDocument, docsAsset, docsPage, openApiDocument } from './handler';

/** A document generated at build time: served as it is, revalidated by its ETag on every use. */
const generatedDocument = (path: string, summary: string, versionField: 'openapi' | 'asyncapi', serve: () => Reply) =>
  endpoint({
    method: 'GET',
    path,
    summary,
    query: z.strictObject({}),
    response: z.object({ [versionField]: z.string() }).loose(),
    cacheControl: 'public, no-cache',
    handler: async () => serve(),
  });

/**
 * The API's own description: OpenAPI 3.1 generated from every function definition, a rendered reference,
 * and AsyncAPI 3.0 of the events, generated from the event registry.
 */
export default defineHttpFunction({
  name: 'api-docs',
  endpoints: [
    generatedDocument('/openapi.json', 'The OpenAPI 3.1 document', 'openapi', openApiDocument),
    generatedDocument('/asyncapi.json', 'The AsyncAPI 3.0 document of the events', 'asyncapi', asyncApiDocument),
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
