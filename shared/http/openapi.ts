import * as z from 'zod';
import type { Endpoint, HttpFunction } from './define';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['in', 'name', 'detail'],
        properties: { in: { enum: ['path', 'query', 'header', 'body'] }, name: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
};

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect); named schemas (`.meta({ id })`) go to components. */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' });
  const { $defs, $schema: _dialect, ...rest } = JSON.parse(
    JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  Object.assign(components, $defs);
  return rest;
}

function parameters(spec: NonNullable<Endpoint['spec']>, components: Record<string, JsonSchema>) {
  const list: JsonSchema[] = [];
  for (const [location, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!schema) continue;
    const object = toSchema(schema, 'input', components) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...propertySchema } = property;
      list.push({ name, in: location, required: location === 'path' || (object.required ?? []).includes(name), schema: propertySchema, ...(description ? { description } : {}) });
    }
  }
  return list;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const statusText: Record<number, string> = {
  400: 'Invalid request', 401: 'Unauthenticated', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict',
  413: 'Payload too large', 415: 'Unsupported media type', 422: 'Unprocessable', 429: 'Too many requests', 500: 'Internal error', 503: 'Unavailable',
};

/** The OpenAPI 3.1 document, generated from the function definitions: their zod schemas are the contract. */
export function buildOpenApi(functions: HttpFunction[], info = { title: 'Brisk API', version: '1.0.0' }) {
  const components: Record<string, JsonSchema> = { Problem: problemSchema };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const fn of functions) {
    for (const route of fn.endpoints) {
      const { spec } = route;
      if (!spec) continue;
      const success = String(spec.status ?? 200);
      const access = spec.access ?? 'public';
      const accessProblems = access === 'public' ? [] : access === 'customer' ? [401] : [401, 403];
      const rateLimitProblems = spec.rateLimited === false ? [] : [429];
      const problems = [...new Set([400, ...accessProblems, ...rateLimitProblems, ...(spec.problems ?? []), 500])].sort();
      paths[route.path] ??= {};
      paths[route.path]![route.method.toLowerCase()] = {
        operationId: `${fn.name}.${route.method.toLowerCase()}`,
        summary: spec.summary,
        ...(spec.description && { description: spec.description }),
        tags: [fn.name],
        ...(access !== 'public' && { security: [{ bearer: [] }] }),
        parameters: parameters(spec, components),
        ...(spec.body && {
          requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input', components) } } },
        }),
        ...(spec.rawBody && {
          requestBody: { required: true, content: Object.fromEntries(spec.rawBody.map((type) => [type, {}])) },
        }),
        responses: {
          [success]: { description: 'Success', content: { 'application/json': { schema: toSchema(spec.response, 'output', components) } } },
          ...(spec.method === 'GET' && { 304: { description: 'Not modified (If-None-Match matched the ETag)' } }),
          ...Object.fromEntries(problems.map((status) => [status, problemResponse(statusText[status] ?? 'Error')])),
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}
