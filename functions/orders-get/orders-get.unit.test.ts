import { v7 } from 'uuid';
import { signToken } from '../../shared/auth';
import { appClient } from '../../test/app-client';
import ordersGet from './function';

/** What GET /v1/orders/{id} refuses before it looks the order up. */
const call = appClient(ordersGet);

describe('GET /v1/orders/{id}', () => {
  it('answers 400 naming the id when it is not a UUID', async () => {
    const response = await call('GET', '/v1/orders/not-an-order', { headers: { authorization: `Bearer ${await signToken('customer-orders-get-test')}` } });
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ in: 'path', name: 'id' })]);
  });

  it('answers 401 with WWW-Authenticate without a token', async () => {
    const response = await call('GET', `/v1/orders/${v7()}`);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });
});
