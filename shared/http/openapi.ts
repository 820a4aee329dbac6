import * as z from 'zod';
import type { Endpoint, HeaderDoc, HttpFunction } from './spec';

type JsonSchema = Record<string, unknown>;


const problemSchema = {
  type: 'object',
  description: 'An RFC 9457 problem: what went wrong, for people (title, detail) and for code (type, status, errors).',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'A URI reference naming the kind of problem, e.g. `/problems/invalid-request`' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The path the request was for' },
    errors: {
      type: 'array',
      description: 'Each invalid input of a 400',
      items: {
        type: 'object',
        required: ['in', 'name', 'detail'],
        properties: { in: { enum: ['path', 'query', 'header', 'body'] }, name: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
};

/** Headers the pipeline or the runtime send on many answers, as components.headers. */
const sharedHeaders: Record<string, HeaderDoc> = {
  'X-Request-Id': {
    description:
      "The request's id, in every log line about it: the caller's own X-Request-Id when it was valid, else a new UUID. On every answer " +
      "but the two the runtime gives before routing: a 413 for a body over 1 MiB, and a 503 while it sheds load.",
  },
  ETag: {
    description: 'Strong validator of this body (a hash of it): send it in If-None-Match to get a 304 while the body is unchanged.',
    required: true,
    schema: { type: 'string', pattern: '^"[A-Za-z0-9_-]+"$' },
  },
  RateLimit: {
    description:
      "What is left of the caller's rate limit (draft-ietf-httpapi-ratelimit-headers): `\"<class>\";r=<requests left>;t=<seconds until the window resets>`.",
    schema: { type: 'string', examples: ['"public";r=99;t=2'] },
  },
  'RateLimit-Policy': {
    description:
      "The caller's rate limit: `\"<class>\";q=<requests per window>;w=<window in seconds>`. The class is `public` for anonymous routes " +
      '(counted per client address), `customer` or `admin` (counted per token subject).',
    schema: { type: 'string', examples: ['"public";q=100;w=2'] },
  },
  'Retry-After': { description: 'Seconds to wait before retrying.', required: true, schema: { type: 'integer', minimum: 1 } },
  'WWW-Authenticate': { description: 'How to authenticate: with a bearer token.', required: true, schema: { type: 'string', const: 'Bearer realm="brisk"' } },
};

/** Request headers every route (or every GET) takes, as components.parameters. */
const sharedParameters = {
  'X-Request-Id': {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description: 'Your id for this request, logged with it and sent back in X-Request-Id; one that does not match the pattern is replaced by a new UUID, not refused.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
  },
  'If-None-Match': {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'ETags of bodies you hold (or `*`): the answer is a 304 without a body while one of them is current. Weak tags (`W/`) compare as strong ones.',
    schema: { type: 'string' },
  },
};

const headerObject = ({ description, schema = { type: 'string' }, required = false }: HeaderDoc) => ({ description, required, schema });
const headerRef = (name: keyof typeof sharedHeaders) => ({ $ref: `#/components/headers/${name}` });

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
      const { description = spec.openapi?.parameters?.[name], ...propertySchema } = property;
      list.push({ name, in: location, required: location === 'path' || (object.required ?? []).includes(name), schema: propertySchema, ...(description ? { description } : {}) });
    }
  }
  for (const [name, header] of Object.entries(spec.openapi?.requestHeaders ?? {})) list.push({ name, in: 'header', ...headerObject(header) });
  if (spec.method === 'GET') list.push({ $ref: '#/components/parameters/If-None-Match' });
  list.push({ $ref: '#/components/parameters/X-Request-Id' });
  return list;
}

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

const statusText: Record<number, string> = {
  400: 'Invalid request', 401: 'Unauthenticated', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict',
  413: 'Payload too large', 415: 'Unsupported media type', 422: 'Unprocessable', 429: 'Too many requests', 500: 'Internal error',
  503: 'Unavailable', 504: 'Timed out: no answer within REQUEST_TIMEOUT_MS (a write may still complete)',
};

/** Answers given before the rate limiter has counted the request (authorize, the runtime's body limit, the app's deadline). */
const uncounted = new Set([401, 403, 413, 504]);
/** The runtime's answer to a body over its limit, given before the request reaches the app. */
const unrouted = 413;

/** The headers of one answer of an operation: the pipeline's, the runtime's and the handler's own. */
function responseHeaders(spec: NonNullable<Endpoint['spec']>, status: number) {
  const headers: Record<string, unknown> = status === unrouted ? {} : { 'X-Request-Id': headerRef('X-Request-Id') };
  if (spec.method === 'GET' && (status === 200 || status === 304)) {
    headers.ETag = headerRef('ETag');
    if (spec.cacheControl) {
      headers['Cache-Control'] = headerObject({ description: 'How caches may keep the answer.', required: true, schema: { type: 'string', const: spec.cacheControl } });
    }
  }
  if (spec.rateLimited !== false && !uncounted.has(status)) Object.assign(headers, { RateLimit: headerRef('RateLimit'), 'RateLimit-Policy': headerRef('RateLimit-Policy') });
  if (status === 429 || status === 503) headers['Retry-After'] = headerRef('Retry-After');
  if (status === 401) headers['WWW-Authenticate'] = headerRef('WWW-Authenticate');
  for (const [name, header] of Object.entries(spec.openapi?.responseHeaders?.[status] ?? {})) headers[name] = headerObject(header);
  return headers;
}

const description = `Brisk's storefront API: the catalog, orders, and CloudEvents from outside. Generated from the function definitions.

- **Auth**: \`Authorization: Bearer <JWT>\`; \`sub\` is the customer id, \`scope\` may hold \`admin\` and \`producer\`.
- **Errors** are \`application/problem+json\` (RFC 9457); a 400 names each invalid input in \`errors\`.
- **Every answer** carries \`X-Request-Id\`. A route asked with a method it does not take answers 405 with \`Allow\`.
- **Rate limits** per client and class; counted answers carry \`RateLimit\` and \`RateLimit-Policy\`, a 429 \`Retry-After\`.
- **Load shedding**: an overloaded process answers any route but the probes 503 with \`Retry-After\`.
- **Writes** are accepted with a 202 and carried out asynchronously: \`Location\` says where to follow them.`;

const defaultInfo = {
  title: 'Brisk API',
  version: '1.0.0',
  description,
  license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
};

/** The OpenAPI 3.1 document, generated from the function definitions: their zod schemas are the contract. */
export function buildOpenApi(functions: HttpFunction[], info: { title: string; version: string; [field: string]: unknown } = defaultInfo) {
  const components: Record<string, JsonSchema> = { Problem: problemSchema };
  const paths: Record<string, Record<string, unknown>> = {};
  const tags: { name: string; description: string }[] = [];
  const operationIds = new Set<string>();
  for (const fn of functions) {
    if (fn.endpoints.some((route) => route.spec)) tags.push({ name: fn.name, description: `The routes the \`${fn.name}\` function serves` });
    for (const route of fn.endpoints) {
      const { spec } = route;
      if (!spec) continue;
      const method = route.method.toLowerCase();
      const operationId = spec.openapi?.operationId ?? `${fn.name}.${method}`;
      if (operationIds.has(operationId)) throw new Error(`${route.method} ${route.path}: operationId ${operationId} is taken; give the route openapi.operationId`);
      operationIds.add(operationId);
      const success = spec.status ?? 200;
      const access = spec.access ?? 'public';
      const accessProblems = access === 'public' ? [] : access === 'customer' ? [401] : [401, 403];
      const rateLimitProblems = spec.rateLimited === false ? [] : [429];
      const bodyProblems = spec.body || spec.rawBody ? [413] : [];
      const problems = [...new Set([400, ...accessProblems, ...rateLimitProblems, ...bodyProblems, ...(spec.problems ?? []), 500, 504])].sort();
      const successContent = spec.openapi?.responseTypes
        ? Object.fromEntries(spec.openapi.responseTypes.map((type) => [type, { schema: { type: 'string' } }]))
        : { 'application/json': { schema: toSchema(spec.response, 'output', components) } };
      paths[route.path] ??= {};
      paths[route.path]![method] = {
        operationId,
        summary: spec.summary,
        ...(spec.description && { description: spec.description }),
        tags: [fn.name],
        // An empty list says outright that a public route takes no token.
        security: access === 'public' ? [] : [{ bearer: [] }],
        parameters: parameters(spec, components),
        ...(spec.body && {
          requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input', components) } } },
        }),
        ...(spec.rawBody && {
          requestBody: { required: true, content: Object.fromEntries(spec.rawBody.map((type) => [type, {}])) },
        }),
        responses: {
          [success]: { description: 'Success', headers: responseHeaders(spec, success), content: successContent },
          ...(spec.method === 'GET' && { 304: { description: 'Not modified (If-None-Match matched the ETag)', headers: responseHeaders(spec, 304) } }),
          ...Object.fromEntries(
            problems.map((status) => [status, { description: statusText[status] ?? 'Error', headers: responseHeaders(spec, status), content: problemContent }]),
          ),
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/', description: 'The gateway that serves this document, in front of every function' }],
    tags,
    paths,
    components: {
      schemas: components,
      headers: Object.fromEntries(Object.entries(sharedHeaders).map(([name, header]) => [name, headerObject(header)])),
      parameters: sharedParameters,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
