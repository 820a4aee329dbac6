import type { TestResponse } from '../app-client';

/** What POST /v1/orders answers when the broker cannot take the order: a 503 problem, no order id. */
export function expectUnavailable(response: TestResponse): void {
  expect(response.status).toBe(503);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  expect(response.json()).toMatchObject({ status: 503, type: '/problems/unavailable', title: 'Service unavailable' });
  expect(response.json()).not.toHaveProperty('orderId');
}
