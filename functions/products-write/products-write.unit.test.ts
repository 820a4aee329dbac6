import { v7 } from 'uuid';
import { signToken } from '../../shared/auth';
import { appClient } from '../../test/app-client';
import productsWrite from './function';

/** What products-write refuses before it publishes anything: callers without the scope, bodies and ids it cannot take. */
const call = appClient(productsWrite);
let adminHeaders: Record<string, string>;

beforeAll(async () => {
  adminHeaders = { authorization: `Bearer ${await signToken('admin-products-write-test', ['admin'])}` };
});

function send(method: string, url: string, body?: unknown, headers = adminHeaders) {
  return call(method, url, {
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

describe('access', () => {
  const routes: [string, string][] = [
    ['POST', '/v1/products'],
    ['PATCH', '/v1/products/{id}'],
    ['DELETE', '/v1/products/{id}'],
  ];
  const urlOf = (path: string) => path.replace('{id}', v7());

  it.each(routes)('answers %s %s without a token with 401', async (method, path) => {
    expect((await send(method, urlOf(path), { price: 1 }, {})).status).toBe(401);
  });

  it.each(routes)('answers %s %s with a customer token with 403', async (method, path) => {
    const customer = { authorization: `Bearer ${await signToken('customer-products-write-test')}` };
    expect((await send(method, urlOf(path), { price: 1 }, customer)).status).toBe(403);
  });
});

describe('bad input', () => {
  const namesOf = (response: { json: () => { errors: { in: string; name: string }[] } }) =>
    response.json().errors.map((error) => `${error.in} ${error.name}`).sort();

  it('names every bad or missing field of a new product in one 400', async () => {
    const response = await send('POST', '/v1/products', { sku: '', price: -1, currency: 'eur', stock: 1.5, category: 'Not A Slug', colour: 'red' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(namesOf(response)).toEqual(['body category', 'body colour', 'body currency', 'body name', 'body price', 'body sku', 'body stock']);
  });

  it('names the body when a change gives no field', async () => {
    const response = await send('PATCH', `/v1/products/${v7()}`, {});
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual([{ in: 'body', name: '(root)', detail: 'must change at least one field' }]);
  });

  it('names a field a change may not carry, and a value it may not have', async () => {
    const response = await send('PATCH', `/v1/products/${v7()}`, { id: v7(), price: 'ten', stock: null });
    expect(response.status).toBe(400);
    expect(namesOf(response)).toEqual(['body id', 'body price', 'body stock']);
  });

  it.each(['PATCH', 'DELETE'])('answers %s of a malformed id with a 400 naming id', async (method) => {
    const response = await send(method, '/v1/products/not-a-uuid', method === 'PATCH' ? { price: 1 } : undefined);
    expect(response.status).toBe(400);
    expect(response.json().errors).toContainEqual({ in: 'path', name: 'id', detail: 'must be a UUID' });
  });

  it('answers a body that is not JSON with a 400', async () => {
    const response = await call('POST', '/v1/products', { headers: { ...adminHeaders, 'content-type': 'application/json' }, body: '{nope' });
    expect(response.status).toBe(400);
  });
});
