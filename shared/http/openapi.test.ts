import { execFile } from 'node:child_process';
import path from 'node:path';
import apiDocs from '../../functions/api-docs/function';
import { httpFunctions } from '../../functions/index';
import { appClient } from '../../test/app-client';
import { buildOpenApi } from './openapi';
import { opsFunction } from './ops';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Record<string, unknown>;
  description?: string;
}

interface Operation {
  operationId: string;
  summary: string;
  parameters: Parameter[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}

interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
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
  it("declares OpenAPI '3.1.0' with a title and version", () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({ title: expect.any(String), version: expect.any(String) });
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
    const parameters = operation('/v1/products', 'get').parameters;
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

  it('makes every $ref point into components.schemas, at a schema that is there', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    const unresolved = refs.filter((ref) => {
      const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
      return !match || !(match[1]! in document.components.schemas);
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
