import { execFile } from 'node:child_process';
import path from 'node:path';
import apiDocs from '../../functions/api-docs/function';
import { httpFunctions } from '../../functions/index';
import * as z from 'zod';
import { appClient } from '../../test/app-client';
import { defineHttpFunction, endpoint } from './define';
import { buildOpenApi } from './openapi';
import { opsFunction } from './ops';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Record<string, unknown>;
  description?: string;
  $ref?: string;
}

interface Header {
  description?: string;
  required?: boolean;
  schema?: Record<string, unknown>;
  $ref?: string;
}

interface Operation {
  operationId: string;
  summary: string;
  parameters: Parameter[];
  requestBody?: unknown;
  responses: Record<string, { description: string; headers?: Record<string, Header>; content?: Record<string, { schema: Record<string, unknown> }> }>;
  security: Record<string, string[]>[];
  tags: string[];
}

interface Document {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, Record<string, unknown>>> & { schemas: Record<string, Record<string, unknown>> };
}

const root = path.resolve(__dirname, '../..');
const document = buildOpenApi(httpFunctions) as unknown as Document;

const operation = (routePath: string, method: string): Operation => {
  const found = document.paths[routePath]?.[method];
  if (!found) throw new Error(`no ${method} ${routePath} in the document`);
  return found;
};

/** Every `$ref` anywhere in a JSON value. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else refsIn(child, found);
    }
  }
  return found;
}

/**
 * Validates a document with @seriousme/openapi-schema-validator (ESM-only, so in a child node process):
 * the OpenAPI 3.1 JSON Schema, plus that every $ref resolves.
 */
function validateWithSeriousme(spec: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(input));
    process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors }));`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: root }, (error, stdout, stderr) => {
      if (error) reject(new Error(`validator failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as { valid: boolean; errors?: unknown });
    });
    child.stdin!.end(JSON.stringify(spec));
  });
}

describe('buildOpenApi', () => {
  it("declares OpenAPI '3.1.0' with a title, version, description and the project's license, and a server", () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({
      title: expect.any(String),
      version: expect.any(String),
      description: expect.any(String),
      license: { name: 'Apache-2.0', url: expect.stringMatching(/^https:/) },
    });
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('defines every tag it uses, one per function', () => {
    const used = Object.values(document.paths).flatMap((methods) => Object.values(methods).flatMap((op) => op.tags));
    expect(document.tags.map((tag) => tag.name).sort()).toEqual([...new Set(used)].sort());
    expect(document.tags.map((tag) => tag.name)).toEqual(httpFunctions.map((fn) => fn.name));
  });

  it('documents every route of every function with its method', () => {
    const routes = httpFunctions.flatMap((fn) => fn.endpoints.map((route) => [route.path, route.method.toLowerCase()] as const));
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const [routePath, method] of routes) {
      expect(document.paths[routePath]).toHaveProperty(method);
    }
    const documented = Object.entries(document.paths).flatMap(([routePath, methods]) => Object.keys(methods).map((method) => `${method} ${routePath}`));
    expect(documented.sort()).toEqual(routes.map(([routePath, method]) => `${method} ${routePath}`).sort());
  });

  it('documents the catalog routes', () => {
    expect(document.paths).toHaveProperty(['/v1/products', 'get']);
    expect(document.paths).toHaveProperty(['/v1/products/{id}', 'get']);
    expect(document.paths).toHaveProperty(['/v1/categories', 'get']);
  });

  it('gives every operation a unique operationId', () => {
    const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every path template parameter as a required path parameter', () => {
    for (const [routePath, methods] of Object.entries(document.paths)) {
      const templated = [...routePath.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const op of Object.values(methods)) {
        const pathParameters = op.parameters.filter((parameter) => parameter.in === 'path');
        expect(pathParameters.map((parameter) => parameter.name).sort()).toEqual([...templated].sort());
        for (const parameter of pathParameters) expect(parameter.required).toBe(true);
      }
    }
  });

  it('documents the product id as a required uuid path parameter', () => {
    const [id] = operation('/v1/products/{id}', 'get').parameters;
    expect(id).toMatchObject({ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
  });

  it('documents every products-list query parameter as optional, sort with its enum', () => {
    const parameters = operation('/v1/products', 'get').parameters.filter((parameter) => parameter.in === 'query');
    const byName = Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter]));
    expect(Object.keys(byName).sort()).toEqual(['category', 'cursor', 'limit', 'maxPrice', 'minPrice', 'q', 'sort'].sort());
    for (const parameter of parameters) {
      expect(parameter.in).toBe('query');
      expect(parameter.required).toBe(false);
    }
    expect(byName.sort!.schema.enum).toEqual(expect.arrayContaining(['newest', 'price', '-price', 'name']));
    expect((byName.sort!.schema.enum as string[]).length).toBe(4);
    expect(byName.q!.description).toEqual(expect.any(String));
  });

  it('documents a problem+json answer for 400 and 500 on every operation, and 404 on products-get', () => {
    for (const methods of Object.values(document.paths)) {
      for (const op of Object.values(methods)) {
        for (const status of ['400', '500']) {
          expect(op.responses[status]?.content?.['application/problem+json']?.schema).toEqual({ $ref: '#/components/schemas/Problem' });
        }
      }
    }
    expect(operation('/v1/products/{id}', 'get').responses['404']?.content).toHaveProperty('application/problem+json');
  });

  it('documents 304 on GET operations', () => {
    expect(operation('/v1/products', 'get').responses).toHaveProperty('304');
  });

  describe('headers', () => {
    const operations = Object.entries(document.paths).flatMap(([routePath, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ route: `${method} ${routePath}`, method, op })),
    );
    const headersOf = (op: Operation, status: string): Record<string, Header> => op.responses[status]?.headers ?? {};
    const resolve = (header: Header): Header =>
      header.$ref ? (document.components.headers![header.$ref.replace('#/components/headers/', '')] as Header) : header;

    it('documents X-Request-Id on every answer routed to a function (not the runtime\'s 413) and takes it on every operation', () => {
      for (const { route, op } of operations) {
        for (const status of Object.keys(op.responses)) {
          expect([route, status, Boolean(headersOf(op, status)['X-Request-Id'])]).toEqual([route, status, status !== '413']);
        }
        expect(op.parameters).toContainEqual({ $ref: '#/components/parameters/X-Request-Id' });
      }
    });

    it('documents ETag and Cache-Control on GET 200 and 304, and takes If-None-Match', () => {
      const op = operation('/v1/products/{id}', 'get');
      for (const status of ['200', '304']) {
        expect(resolve(headersOf(op, status).ETag!)).toMatchObject({ required: true, description: expect.any(String) });
        expect(headersOf(op, status)['Cache-Control']).toMatchObject({ required: true, schema: { const: 'public, no-cache' } });
      }
      expect(op.parameters).toContainEqual({ $ref: '#/components/parameters/If-None-Match' });
      expect(headersOf(operation('/v1/orders', 'post'), '202')).not.toHaveProperty('ETag');
    });

    it('documents RateLimit and RateLimit-Policy on counted answers, Retry-After on every 429 and 503, WWW-Authenticate on every 401', () => {
      expect(Object.keys(headersOf(operation('/v1/products', 'get'), '200'))).toEqual(expect.arrayContaining(['RateLimit', 'RateLimit-Policy']));
      expect(Object.keys(headersOf(operation('/v1/orders', 'post'), '429'))).toEqual(expect.arrayContaining(['RateLimit', 'RateLimit-Policy', 'Retry-After']));
      // authorize answers before the limiter counts the request
      expect(headersOf(operation('/v1/orders', 'post'), '401')).not.toHaveProperty('RateLimit');
      for (const { route, op } of operations) {
        for (const status of Object.keys(op.responses)) {
          const names = Object.keys(headersOf(op, status));
          if (status === '429' || status === '503') expect([route, status, names]).toEqual([route, status, expect.arrayContaining(['Retry-After'])]);
          if (status === '401') expect([route, names]).toEqual([route, expect.arrayContaining(['WWW-Authenticate'])]);
        }
      }
      const readiness = (buildOpenApi([opsFunction]) as unknown as Document).paths['/readyz']!.get!;
      expect(Object.keys(headersOf(readiness, '200'))).not.toContain('RateLimit');
      expect(resolve(headersOf(readiness, '503')['Retry-After']!)).toMatchObject({ required: true, schema: { type: 'integer' } });
    });

    it('documents Location on the 202 of every write that names what to follow, and Idempotency-Key on POST /v1/orders', () => {
      for (const [routePath, method] of [['/v1/orders', 'post'], ['/v1/orders/{id}/cancel', 'post'], ['/v1/products', 'post'], ['/v1/products/{id}', 'patch'], ['/v1/products/{id}', 'delete']] as const) {
        expect(headersOf(operation(routePath, method), '202').Location).toMatchObject({ required: true, description: expect.any(String) });
      }
      expect(headersOf(operation('/v1/events', 'post'), '202')).not.toHaveProperty('Location');
      expect(operation('/v1/orders', 'post').parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
      expect(headersOf(operation('/v1/orders', 'post'), '409')['Retry-After']).toMatchObject({ required: true });
    });
  });

  it('says outright that public operations take no token, and which scheme the others take', () => {
    expect(operation('/v1/products', 'get').security).toEqual([]);
    expect(operation('/v1/orders', 'post').security).toEqual([{ bearer: [] }]);
  });

  it('refuses two routes with one operationId, and takes one a route gives', () => {
    const handler = async () => ({});
    const twoGets = defineHttpFunction({
      name: 'twins',
      endpoints: [
        endpoint({ method: 'GET', path: '/a', summary: 'A', response: z.object({}), handler }),
        endpoint({ method: 'GET', path: '/b', summary: 'B', response: z.object({}), handler }),
      ],
    });
    expect(() => buildOpenApi([twoGets])).toThrow(/operationId twins.get/);
    const named = defineHttpFunction({
      name: 'twins',
      endpoints: [
        endpoint({ method: 'GET', path: '/a', summary: 'A', response: z.object({}), handler }),
        endpoint({ method: 'GET', path: '/b', summary: 'B', response: z.object({}), openapi: { operationId: 'twins.b' }, handler }),
      ],
    });
    expect(Object.keys(buildOpenApi([named]).paths)).toEqual(['/a', '/b']);
  });

  it('has the Problem schema in components, with the field errors', () => {
    const problem = document.components.schemas.Problem!;
    expect(problem).toMatchObject({ type: 'object', required: expect.arrayContaining(['type', 'title', 'status', 'detail']) });
    expect(problem.properties).toHaveProperty('errors');
  });

  it('names the product schemas in components', () => {
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'Product', 'ProductPage', 'Category', 'CategoryList']));
    expect(operation('/v1/products/{id}', 'get').responses['200']!.content!['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/Product',
    });
  });

  it('makes every $ref point into components, at a component that is there', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    const unresolved = refs.filter((ref) => {
      const match = /^#\/components\/(schemas|headers|parameters)\/([^/]+)$/.exec(ref);
      return !match || !(match[2]! in (document.components[match[1]!] ?? {}));
    });
    expect(unresolved).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document for @seriousme/openapi-schema-validator', async () => {
    const result = await validateWithSeriousme(document);
    expect(result).toEqual({ valid: true, version: '3.1' });
  });

  it('serves at /openapi.json the document of every function plus ops, valid as well (after a route changes: npm run gen:docs)', async () => {
    const response = await appClient(apiDocs)('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const served = response.json() as Document;
    expect(served).toEqual(JSON.parse(JSON.stringify(buildOpenApi([...httpFunctions, opsFunction]))));
    expect(served.paths).toHaveProperty(['/healthz', 'get']);
    expect(await validateWithSeriousme(served)).toEqual({ valid: true, version: '3.1' });
  });

  it('builds the same document every time', () => {
    expect(JSON.stringify(buildOpenApi(httpFunctions))).toBe(JSON.stringify(document));
  });
});
