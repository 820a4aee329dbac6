import * as z from 'zod';
import { appClient } from '../../test/app-client';
import { defineHttpFunction, endpoint } from './define';
import { HttpProblem, notFound } from './problem';
import { json, Reply } from './reply';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { in: string; name: string; detail: string }[];
}

const widget = z.object({ id: z.string(), color: z.string(), size: z.number(), tags: z.array(z.string()) });

const widgets = defineHttpFunction({
  name: 'widgets',
  endpoints: [
    endpoint({
      method: 'GET',
      path: '/widgets/{id}',
      summary: 'One widget',
      params: z.strictObject({ id: z.string().regex(/^\d+$/, 'must be digits') }),
      query: z.strictObject({
        color: z.enum(['red', 'blue']).default('red'),
        size: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).optional(),
        tag: z.string().optional(),
      }),
      response: widget,
      cacheControl: 'public, no-cache',
      handler: async ({ params, query }) => ({
        id: params.id,
        color: query.color,
        size: query.size ?? 1,
        tags: query.tag ? [query.tag] : [],
      }),
    }),
    endpoint({
      method: 'PUT',
      path: '/widgets/{id}',
      summary: 'Replace a widget',
      params: z.strictObject({ id: z.string().regex(/^\d+$/, 'must be digits') }),
      query: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
      body: z.strictObject({ name: z.string().min(1, 'must not be empty'), count: z.int().positive(), color: z.enum(['red', 'blue']) }),
      response: z.object({ id: z.string(), name: z.string(), count: z.number(), color: z.string() }),
      handler: async ({ params, body }) => ({ id: params.id, ...body }),
    }),
    endpoint({
      method: 'POST',
      path: '/widgets',
      summary: 'Create a widget',
      body: z.object({ name: z.string().min(1), count: z.int().positive() }),
      response: z.object({ name: z.string(), count: z.number() }),
      status: 201,
      handler: async ({ body }) => body,
    }),
  ],
});

const faults = defineHttpFunction({
  name: 'faults',
  endpoints: [
    endpoint({
      method: 'GET',
      path: '/faults/unexpected',
      summary: 'Throws an unexpected error',
      response: z.object({}),
      handler: async () => {
        throw new Error('password=hunter2 at db.internal:5432');
      },
    }),
    endpoint({
      method: 'GET',
      path: '/faults/teapot',
      summary: 'Throws an HttpProblem',
      response: z.object({}),
      handler: async () => {
        throw new HttpProblem(418, '/problems/teapot', "I'm a teapot", 'Short and stout', undefined, { 'retry-after': '7' });
      },
    }),
    endpoint({
      method: 'GET',
      path: '/faults/missing',
      summary: 'Throws notFound',
      response: z.object({}),
      handler: async () => {
        throw notFound('No such thing');
      },
    }),
    endpoint({
      method: 'GET',
      path: '/faults/off-schema',
      summary: 'Answers outside its response schema',
      response: z.object({ count: z.number() }),
      handler: async () => ({ count: 'many' }) as unknown as { count: number },
    }),
    endpoint({
      method: 'GET',
      path: '/faults/reply',
      summary: 'Answers with a Reply',
      response: z.object({ ok: z.boolean() }),
      handler: async () => json({ ok: true }, 200, { 'x-extra': 'yes' }),
    }),
    endpoint({
      method: 'GET',
      path: '/faults/accepted',
      summary: 'Answers 202 with a Reply',
      response: z.object({ ok: z.boolean() }),
      handler: async () => new Reply(202, '{"ok":true}', { 'content-type': 'application/json; charset=utf-8' }),
    }),
  ],
});

const call = appClient(widgets, faults);

const problemOf = (response: { json: () => unknown }) => response.json() as ProblemBody;

function expectProblem(response: { status: number; headers: Record<string, string> }, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
}

describe('input validation', () => {
  it('names every bad field of path, query and body in one 400 problem', async () => {
    const response = await call('PUT', '/widgets/abc?dryRun=maybe&extra=1', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', count: 0, color: 'green', surplus: true }),
    });
    expectProblem(response, 400);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ type: '/problems/invalid-request', title: 'Invalid request', status: 400, instance: '/widgets/abc' });
    expect(problem.errors!.map(({ in: location, name }) => `${location} ${name}`).sort()).toEqual(
      ['path id', 'query dryRun', 'query extra', 'body name', 'body count', 'body color', 'body surplus'].sort(),
    );
    for (const error of problem.errors!) expect(error.detail).toEqual(expect.any(String));
    expect(problem.errors).toContainEqual({ in: 'path', name: 'id', detail: 'must be digits' });
    expect(problem.errors).toContainEqual({ in: 'body', name: 'name', detail: 'must not be empty' });
  });

  it('names each bad query field of a GET in one 400 problem', async () => {
    const response = await call('GET', '/widgets/1?color=green&size=big');
    expectProblem(response, 400);
    const errors = problemOf(response).errors!;
    expect(errors).toHaveLength(2);
    expect(errors).toContainEqual({ in: 'query', name: 'size', detail: 'must be a whole number' });
    expect(errors.find((error) => error.name === 'color')).toMatchObject({ in: 'query' });
  });

  it('rejects an unknown query key when the query schema is strict, naming the key', async () => {
    const response = await call('GET', '/widgets/1?colour=red');
    expectProblem(response, 400);
    expect(problemOf(response).errors).toEqual([{ in: 'query', name: 'colour', detail: expect.any(String) }]);
  });

  it('rejects a query key repeated for a single-valued field', async () => {
    const response = await call('GET', '/widgets/1?tag=a&tag=b');
    expectProblem(response, 400);
    expect(problemOf(response).errors).toEqual([{ in: 'query', name: 'tag', detail: expect.any(String) }]);
  });

  it('hands the handler the parsed values: defaults applied and transforms run', async () => {
    const response = await call('GET', '/widgets/7?size=3&tag=new');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ id: '7', color: 'red', size: 3, tags: ['new'] });
  });

  it('decodes percent-encoded query values before validating them', async () => {
    const response = await call('GET', '/widgets/7?tag=a%20b%26c');
    expect(response.status).toBe(200);
    expect(response.json().tags).toEqual(['a b&c']);
  });
});

describe('routing', () => {
  it('answers an unknown route with a 404 problem naming the path', async () => {
    const response = await call('GET', '/nowhere?x=1');
    expectProblem(response, 404);
    expect(problemOf(response)).toMatchObject({ status: 404, title: 'Not found', instance: '/nowhere' });
    expect(problemOf(response).detail).toContain('/nowhere');
  });

  it('answers a method the route does not take with 405 and an Allow header listing the methods it takes', async () => {
    const response = await call('DELETE', '/widgets/1');
    expectProblem(response, 405);
    expect(response.headers.allow!.split(', ').sort()).toEqual(['GET', 'PUT']);
    expect(problemOf(response)).toMatchObject({ status: 405, title: 'Method not allowed' });
  });

  it('answers 405 with Allow: POST for a GET on a POST-only route', async () => {
    const response = await call('GET', '/widgets');
    expectProblem(response, 405);
    expect(response.headers.allow).toBe('POST');
  });

  it('routes a trailing slash to the same endpoint', async () => {
    const response = await call('GET', '/widgets/5/');
    expect(response.status).toBe(200);
    expect(response.json().id).toBe('5');
  });
});

describe('errors', () => {
  it('answers an unexpected error with a 500 problem that does not leak its message', async () => {
    const response = await call('GET', '/faults/unexpected');
    expectProblem(response, 500);
    expect(problemOf(response)).toEqual({
      type: '/problems/internal',
      title: 'Internal error',
      status: 500,
      detail: 'The request failed; it has been logged',
      instance: '/faults/unexpected',
    });
    expect(response.text).not.toContain('hunter2');
    expect(response.text).not.toContain('db.internal');
  });

  it('answers a thrown HttpProblem with its own status, body and headers', async () => {
    const response = await call('GET', '/faults/teapot');
    expectProblem(response, 418);
    expect(response.headers['retry-after']).toBe('7');
    expect(problemOf(response)).toEqual({
      type: '/problems/teapot',
      title: "I'm a teapot",
      status: 418,
      detail: 'Short and stout',
      instance: '/faults/teapot',
    });
  });

  it('answers a thrown notFound with a 404 problem', async () => {
    const response = await call('GET', '/faults/missing');
    expectProblem(response, 404);
    expect(problemOf(response)).toMatchObject({ status: 404, detail: 'No such thing' });
  });

  it('answers 500 when a handler returns data outside its response schema (VALIDATE_RESPONSES)', async () => {
    const response = await call('GET', '/faults/off-schema');
    expectProblem(response, 500);
    expect(response.text).not.toContain('many');
  });
});

describe('responses', () => {
  it('serializes plain data as JSON with the endpoint status', async () => {
    const response = await call('POST', '/widgets', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'gear', count: 2 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({ name: 'gear', count: 2 });
  });

  it('sends a Reply with its own status, headers and bytes', async () => {
    const response = await call('GET', '/faults/reply');
    expect(response.status).toBe(200);
    expect(response.headers['x-extra']).toBe('yes');
    expect(response.text).toBe('{"ok":true}');
  });
});

describe('conditional GET', () => {
  const url = '/widgets/1?color=blue';

  it('gives a 200 GET a strong ETag and the endpoint Cache-Control', async () => {
    const response = await call('GET', url);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(response.headers['cache-control']).toBe('public, no-cache');
  });

  it('gives the same representation the same ETag, and another representation another ETag', async () => {
    const [a, b, other] = await Promise.all([call('GET', url), call('GET', url), call('GET', '/widgets/2?color=blue')]);
    expect(a.headers.etag).toBe(b.headers.etag);
    expect(other.headers.etag).not.toBe(a.headers.etag);
  });

  it('answers 304 with no body, the ETag and Cache-Control when If-None-Match matches', async () => {
    const { headers } = await call('GET', url);
    const response = await call('GET', url, { headers: { 'if-none-match': headers.etag! } });
    expect(response.status).toBe(304);
    expect(response.text).toBe('');
    expect(response.headers.etag).toBe(headers.etag);
    expect(response.headers['cache-control']).toBe('public, no-cache');
  });

  it('answers 304 when the ETag is one of a list in If-None-Match', async () => {
    const { headers } = await call('GET', url);
    const response = await call('GET', url, { headers: { 'if-none-match': `"a", "b", ${headers.etag}` } });
    expect(response.status).toBe(304);
  });

  it('answers 304 when If-None-Match holds the weak form W/ of the ETag', async () => {
    const { headers } = await call('GET', url);
    expect((await call('GET', url, { headers: { 'if-none-match': `W/${headers.etag}` } })).status).toBe(304);
    expect((await call('GET', url, { headers: { 'if-none-match': `"a", W/${headers.etag}` } })).status).toBe(304);
  });

  it('answers 304 to If-None-Match: *', async () => {
    expect((await call('GET', url, { headers: { 'if-none-match': '*' } })).status).toBe(304);
  });

  it('answers 200 with the body when no tag in If-None-Match matches', async () => {
    const { headers } = await call('GET', url);
    const response = await call('GET', url, { headers: { 'if-none-match': `"a", "b"` } });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(headers.etag);
    expect(response.json()).toMatchObject({ id: '1', color: 'blue' });
  });

  it('does not give ETags to problems or to answers other than a 200 GET', async () => {
    expect((await call('GET', '/widgets/x')).headers.etag).toBeUndefined();
    expect((await call('GET', '/faults/accepted')).headers.etag).toBeUndefined();
    const put = await call('PUT', '/widgets/1', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'a', count: 1, color: 'red' }),
    });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBeUndefined();
  });
});

describe('x-request-id', () => {
  const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it('echoes a valid x-request-id', async () => {
    const response = await call('GET', '/widgets/1', { headers: { 'x-request-id': 'client-req_42.a:b' } });
    expect(response.headers['x-request-id']).toBe('client-req_42.a:b');
  });

  it('generates a new id for every request that sends none', async () => {
    const [a, b] = await Promise.all([call('GET', '/widgets/1'), call('GET', '/widgets/1')]);
    expect(a.headers['x-request-id']).toMatch(uuidPattern);
    expect(b.headers['x-request-id']).toMatch(uuidPattern);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it.each([
    ['with spaces', 'has spaces in it'],
    ['too long', 'a'.repeat(129)],
    ['with a header-injection attempt', 'abc\r\nset-cookie: x=1'],
    ['empty', ''],
  ])('replaces an invalid x-request-id (%s) with a generated one', async (_label, given) => {
    const response = await call('GET', '/widgets/1', { headers: { 'x-request-id': given } });
    expect(response.headers['x-request-id']).toMatch(uuidPattern);
  });

  it('carries the request id on problems and on unrouted requests too', async () => {
    const headers = { 'x-request-id': 'trace-1' };
    expect((await call('GET', '/widgets/x', { headers })).headers['x-request-id']).toBe('trace-1');
    expect((await call('GET', '/nowhere', { headers })).headers['x-request-id']).toBe('trace-1');
    expect((await call('DELETE', '/widgets/1', { headers })).headers['x-request-id']).toBe('trace-1');
    expect((await call('GET', '/faults/unexpected', { headers })).headers['x-request-id']).toBe('trace-1');
  });
});

describe('JSON bodies', () => {
  const valid = JSON.stringify({ name: 'gear', count: 2 });

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['a look-alike', 'application/jsonx'],
  ])('answers 415 for a body sent as %s', async (_label, contentType) => {
    const response = await call('POST', '/widgets', { headers: { 'content-type': contentType }, body: valid });
    expectProblem(response, 415);
    expect(problemOf(response)).toMatchObject({ status: 415, title: 'Unsupported media type' });
  });

  it('answers 415 for a body without a content-type', async () => {
    expectProblem(await call('POST', '/widgets', { body: valid }), 415);
  });

  it.each([
    ['application/json; charset=utf-8'],
    ['application/merge-patch+json'],
    ['Application/JSON'],
  ])('accepts a JSON body sent as %s', async (contentType) => {
    const response = await call('POST', '/widgets', { headers: { 'content-type': contentType }, body: valid });
    expect(response.status).toBe(201);
  });

  it.each([
    ['truncated JSON', '{"name": "gear", '],
    ['not JSON at all', 'name=gear'],
    ['an empty body', ''],
  ])('answers 400 naming the body for %s', async (_label, body) => {
    const response = await call('POST', '/widgets', { headers: { 'content-type': 'application/json' }, body });
    expectProblem(response, 400);
    expect(problemOf(response).errors).toEqual([{ in: 'body', name: '(root)', detail: 'is not valid JSON' }]);
  });

  it('answers 400 naming the body for a missing body', async () => {
    const response = await call('POST', '/widgets', { headers: { 'content-type': 'application/json' } });
    expectProblem(response, 400);
    expect(problemOf(response).errors![0]).toMatchObject({ in: 'body' });
  });

  it('names every body field that breaks the schema with in=body', async () => {
    const response = await call('POST', '/widgets', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 42, count: 1.5 }),
    });
    expectProblem(response, 400);
    const errors = problemOf(response).errors!;
    expect(errors.map((error) => error.name).sort()).toEqual(['count', 'name']);
    expect(errors.every((error) => error.in === 'body')).toBe(true);
  });

  it('names a body that is JSON but not an object as (root)', async () => {
    const response = await call('POST', '/widgets', { headers: { 'content-type': 'application/json' }, body: '[1, 2]' });
    expectProblem(response, 400);
    expect(problemOf(response).errors).toEqual([{ in: 'body', name: '(root)', detail: expect.any(String) }]);
  });

  it('names a nested field by its dotted path', async () => {
    const nested = defineHttpFunction({
      name: 'nested',
      method: 'POST',
      path: '/nested',
      summary: 'Nested body',
      body: z.object({ owner: z.object({ email: z.email() }), lines: z.array(z.object({ qty: z.int() })) }),
      response: z.object({}),
      handler: async () => ({}),
    });
    const response = await appClient(nested)('POST', '/nested', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ owner: { email: 'nope' }, lines: [{ qty: 1 }, { qty: 'x' }] }),
    });
    expectProblem(response, 400);
    expect(problemOf(response).errors!.map((error) => error.name).sort()).toEqual(['lines.1.qty', 'owner.email']);
  });
});
