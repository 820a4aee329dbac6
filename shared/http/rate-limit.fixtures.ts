import * as z from 'zod';
import { defineHttpFunction, type Endpoint, endpoint } from './define';

/**
 * Routes and checks the rate-limit tests share. Functions are made when called, after the test's
 * setConfig, and in the module registry the caller imported this from (rate-limit-redis-down.test.ts
 * loads one of its own). No connection is made on import.
 */

const ok = z.object({ ok: z.literal(true) });
const handler = async () => ({ ok: true as const });

/** One public route, GET /open. */
export const openFunction = () => defineHttpFunction({ name: 'open', method: 'GET', path: '/open', summary: 'Public', response: ok, handler });

/** A route of each class (public /open, customer /mine, admin /manage), then `more`. */
export const limitedFunction = (more: Endpoint[] = []) =>
  defineHttpFunction({
    name: 'limited',
    endpoints: [
      endpoint({ method: 'GET', path: '/open', openapi: { operationId: 'open' }, summary: 'Public', response: ok, handler }),
      endpoint({ method: 'GET', path: '/mine', openapi: { operationId: 'mine' }, summary: 'Customer', access: 'customer', response: ok, handler }),
      endpoint({ method: 'GET', path: '/manage', openapi: { operationId: 'manage' }, summary: 'Admin', access: 'admin', response: ok, handler }),
      ...more,
    ],
  });

/** Statuses of `count` calls in a row through `call` from one address. */
export async function statusesInARow(
  call: (method: string, url: string, options: { remoteAddress: string }) => Promise<{ status: number }>,
  count: number,
  remoteAddress: string,
  url = '/open',
): Promise<number[]> {
  const seen: number[] = [];
  for (let index = 0; index < count; index++) seen.push((await call('GET', url, { remoteAddress })).status);
  return seen;
}

/** The burst (2×5) passes, then the limiter refuses: whichever limiter counted. */
export function expectBurstThenRefused(seen: number[]): void {
  expect(seen.slice(0, 10)).toEqual(Array(10).fill(200));
  expect(seen).toContain(429);
  expect(new Set(seen)).toEqual(new Set([200, 429]));
}
