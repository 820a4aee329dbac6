import { signToken } from '../../shared/auth';
import { appClient } from '../../test/app-client';
import ordersList from './function';

/** What GET /v1/orders refuses before it reads anything. */
const call = appClient(ordersList);

describe('GET /v1/orders', () => {
  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=-1', 'limit'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify({ t: '0000-01-01T00:00:00Z', id: '0190b5a0-1234-7000-8000-00000000abcd' })).toString('base64url')}`, 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify({ t: '+275760-09-13T00:00:00Z', id: '0190b5a0-1234-7000-8000-00000000abcd' })).toString('base64url')}`, 'cursor'],
    ['status=confirmed', 'status'],
  ])('answers 400 naming %s', async (query, field) => {
    const response = await call('GET', `/v1/orders?${query}`, { headers: { authorization: `Bearer ${await signToken('customer-orders-list-test')}` } });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'query', name: field })]));
  });

  it('answers 401 with WWW-Authenticate without a token', async () => {
    const response = await call('GET', '/v1/orders');
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });
});
