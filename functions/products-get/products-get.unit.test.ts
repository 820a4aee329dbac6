import { appClient } from '../../test/app-client';
import productsGet from './function';

/** What products-get refuses before it looks anything up. */
const call = appClient(productsGet);

describe('GET /v1/products/{id}', () => {
  it.each([
    ['not-a-uuid'],
    ['12345'],
    ['0190b5a0-0000-7000-8000-00000000000z'],
    [`${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(13)}`],
    ["1'%20OR%20'1'='1"],
  ])('answers a malformed id (%s) with a 400 problem naming id', async (id) => {
    const response = await call('GET', `/v1/products/${id}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json().errors).toEqual([{ in: 'path', name: 'id', detail: 'must be a UUID' }]);
  });
});
