import { v7 } from 'uuid';
import { signToken } from '../../shared/auth';
import { appClient } from '../../test/app-client';
import ordersCreate from './function';

/**
 * POST /v1/orders refuses what it cannot accept before anything is published or written. Here every
 * service is a closed port, so a request that got as far as a claim or a publish would be answered 503:
 * each 4xx below is also proof that nothing was attempted.
 */
const call = appClient(ordersCreate);
const customer = { id: 'customer-orders-create-test', headers: { authorization: '' } };
const productId = v7();
const otherProductId = v7();

beforeAll(async () => {
  customer.headers.authorization = `Bearer ${await signToken(customer.id)}`;
});

function post(body: string, headers: Record<string, string> = {}) {
  return call('POST', '/v1/orders', { headers: { ...customer.headers, 'content-type': 'application/json', ...headers }, body });
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { in: string; name: string; detail: string }[];
}

describe('POST /v1/orders without a valid token', () => {
  it.each([
    ['no Authorization header', {}],
    ['a malformed bearer token', { authorization: 'Bearer not-a-jwt' }],
    ['a token signed with another key', { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 with WWW-Authenticate and a problem for %s', async (_case, headers: Record<string, string>) => {
    const response = await call('POST', '/v1/orders', {
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ items: [{ productId, quantity: 1 }] }),
    });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(response.json()).toMatchObject({ status: 401, type: '/problems/unauthenticated' });
  });
});

describe('POST /v1/orders with a bad body', () => {
  const item = { productId, quantity: 1 };
  it.each([
    ['an empty object', {}, 'items'],
    ['no items', { items: [] }, 'items'],
    ['51 items', { items: Array.from({ length: 51 }, () => ({ productId: v7(), quantity: 1 })) }, 'items'],
    ['quantity 0', { items: [{ productId, quantity: 0 }] }, 'items.0.quantity'],
    ['quantity -1', { items: [{ productId, quantity: -1 }] }, 'items.0.quantity'],
    ['quantity 1.5', { items: [{ productId, quantity: 1.5 }] }, 'items.0.quantity'],
    ['quantity 1e9', { items: [{ productId, quantity: 1e9 }] }, 'items.0.quantity'],
    ['quantity "2"', { items: [{ productId, quantity: '2' }] }, 'items.0.quantity'],
    ['no quantity', { items: [{ productId }] }, 'items.0.quantity'],
    ['a malformed productId', { items: [{ productId: 'not-a-uuid', quantity: 1 }] }, 'items.0.productId'],
    ['a productId in the second item that is a number', { items: [item, { productId: 42, quantity: 1 }] }, 'items.1.productId'],
    ['a repeated productId', { items: [item, { productId, quantity: 2 }] }, 'items'],
    ['an unknown field', { items: [item], coupon: 'FREE' }, 'coupon'],
    ['an unknown field in an item', { items: [{ ...item, colour: 'red' }] }, 'items.0.colour'],
    ['items that are not an array', { items: { productId, quantity: 1 } }, 'items'],
    ['an array', [], '(root)'],
    ['a string', 'x', '(root)'],
    ['null', null, '(root)'],
  ])('answers 400 naming the field for %s', async (_case, body, field) => {
    const response = await post(JSON.stringify(body));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const problem = response.json() as Problem;
    expect(problem).toMatchObject({ status: 400, type: '/problems/invalid-request', title: 'Invalid request' });
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'body', name: field })]));
    expect(problem.detail).toContain(field);
  });

  it.each([
    ['malformed JSON', '{"items": [{"productId": '],
    ['an empty body', ''],
    ['a number too large for JSON numbers', `{"items":[{"productId":"${productId}","quantity":1e400}]}`],
  ])('answers 400 for %s', async (_case, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect((response.json() as Problem).errors?.[0]).toMatchObject({ in: 'body' });
  });

  it('names every bad field in one 400', async () => {
    const response = await post(JSON.stringify({ items: [{ productId: 'x', quantity: 0 }, { productId: otherProductId, quantity: 1.5 }] }));
    expect(response.status).toBe(400);
    expect((response.json() as Problem).errors?.map((error) => error.name).sort()).toEqual(['items.0.productId', 'items.0.quantity', 'items.1.quantity']);
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', { 'content-type': '' }],
  ])('answers 415 for a body sent as %s', async (_case, headers) => {
    const response = await post(JSON.stringify({ items: [{ productId, quantity: 1 }] }), headers);
    expect(response.status).toBe(415);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json()).toMatchObject({ status: 415 });
  });
});

describe('POST /v1/orders with a malformed Idempotency-Key', () => {
  it.each([
    ['300 characters', 'k'.repeat(300)],
    ['a space', 'two words'],
    ['a non-ASCII character', 'clé-1'],
    ['nothing', ''],
  ])('answers 400 naming the header for a key of %s', async (_case, key) => {
    const response = await post(JSON.stringify({ items: [{ productId, quantity: 1 }] }), { 'idempotency-key': key });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect((response.json() as Problem).errors).toEqual([expect.objectContaining({ in: 'header', name: 'Idempotency-Key' })]);
  });
});
