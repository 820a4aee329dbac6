import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { appClient, type TestResponse } from '../../test/app-client';
import { signToken } from '../auth';
import { config, setConfig } from '../config';
import { cacheKeys, closeRedis, redis } from '../cache';
import { endpoint } from './define';
import { notFound } from './problem';
import { limitedFunction } from './rate-limit.fixtures';

// Small limits; counters of this file's own under the run's prefix. (Unit tests: rate-limit.unit.test.ts.)
setConfig({
  RATE_LIMIT_PUBLIC_RPS: '5',
  RATE_LIMIT_CUSTOMER_RPS: '3',
  RATE_LIMIT_ADMIN_RPS: '8',
  TRUSTED_PROXIES: '10.0.0.1, ::ffff:10.0.0.2, fd00::1, 192.168.0.0/16',
  REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}rate-limit-${randomUUID()}:`,
});
const burst = { public: 10, customer: 6, admin: 16 };

const ok = z.object({ ok: z.literal(true) });
const limited = limitedFunction([
  endpoint({ method: 'GET', path: '/missing', openapi: { operationId: 'missing' }, summary: '404', response: ok, handler: async () => { throw notFound('Nothing here'); } }),
  endpoint({ method: 'GET', path: '/broken', openapi: { operationId: 'broken' }, summary: '500', response: ok, handler: async () => { throw new Error('boom'); } }),
]);
const call = appClient(limited);

type Options = Parameters<typeof call>[2];

/** Calls one at a time, so the answers are in the order the limiter counted them. */
async function series(count: number, url: string, options: Options | ((index: number) => Options)): Promise<TestResponse[]> {
  const responses: TestResponse[] = [];
  for (let index = 0; index < count; index++) {
    responses.push(await call('GET', url, typeof options === 'function' ? options(index) : options));
  }
  return responses;
}

const remaining = (response: TestResponse): number => Number(/;r=(\d+);/.exec(response.headers.ratelimit ?? '')?.[1]);
const statuses = (responses: TestResponse[]): number[] => responses.map((response) => response.status);
const bearer = async (sub: string, scopes: 'admin'[] = []) => ({ authorization: `Bearer ${await signToken(sub, scopes)}` });

afterAll(async () => {
  await closeRedis();
});

describe('rate limiting', () => {
  it('lets an anonymous client burst twice its rate, then answers 429 problem+json with Retry-After', async () => {
    const responses = await series(300, '/open', { remoteAddress: '198.51.100.1' });
    expect(statuses(responses.slice(0, burst.public))).toEqual(Array(burst.public).fill(200));
    const refused = responses.filter((response) => response.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) {
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.json()).toMatchObject({ type: '/problems/rate-limited', title: 'Too many requests', status: 429 });
      expect(response.json().detail).toContain('public');
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(response.headers['ratelimit-policy']).toBe('"public";q=10;w=2');
      expect(response.headers.ratelimit).toMatch(/^"public";r=0;t=\d+$/);
    }
    // Counted in Redis, under the run's prefix, per class and client.
    expect(await (await redis()).exists(`${cacheKeys.rateLimit('public')}:ip:198.51.100.1`)).toBe(1);
  });

  it('states the policy and a decreasing remaining on every counted answer', async () => {
    const responses = await series(burst.public, '/open', { remoteAddress: '198.51.100.2' });
    for (const response of responses) {
      expect(response.headers['ratelimit-policy']).toBe('"public";q=10;w=2');
      expect(response.headers.ratelimit).toMatch(/^"public";r=\d+;t=\d+$/);
    }
    expect(responses.map(remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('puts the headers on error answers too', async () => {
    const remoteAddress = '198.51.100.3';
    const [missing, broken] = [await call('GET', '/missing', { remoteAddress }), await call('GET', '/broken', { remoteAddress })];
    expect(missing.status).toBe(404);
    expect(missing.json().type).toBe('/problems/not-found');
    expect(broken.status).toBe(500);
    expect(broken.json().type).toBe('/problems/internal');
    expect(remaining(missing)).toBe(9);
    expect(remaining(broken)).toBe(8);
    expect(broken.headers['ratelimit-policy']).toBe('"public";q=10;w=2');
  });

  it('counts two clients separately', async () => {
    const first = await series(burst.public + 1, '/open', { remoteAddress: '198.51.100.4' });
    expect(first.at(-1)!.status).toBe(429);
    const other = await call('GET', '/open', { remoteAddress: '198.51.100.5' });
    expect(other.status).toBe(200);
    expect(remaining(other)).toBe(burst.public - 1);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const spoofing = (index: number) => ({ remoteAddress: '198.51.100.6', headers: { 'x-forwarded-for': `192.0.2.${index + 1}` } });
    const responses = await series(burst.public + 1, '/open', spoofing);
    expect(responses.at(-1)!.status).toBe(429);
  });

  it('takes the right-most untrusted X-Forwarded-For hop from a trusted proxy', async () => {
    // The left-most hop is whatever the client claims; 10.0.0.2 is a second trusted proxy.
    const viaProxies = (index: number) => ({
      remoteAddress: '::ffff:10.0.0.1',
      headers: { 'x-forwarded-for': `192.0.2.${index + 1}, 198.51.100.7, 10.0.0.2` },
    });
    const responses = await series(burst.public + 1, '/open', viaProxies);
    expect(statuses(responses)).toEqual([...Array(burst.public).fill(200), 429]);
    expect((await call('GET', '/open', { remoteAddress: '198.51.100.7' })).status).toBe(429);
    const another = await call('GET', '/open', { remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': '198.51.100.8' } });
    expect(remaining(another)).toBe(burst.public - 1);
  });

  it('keys an authenticated caller by subject, not address, in the customer class', async () => {
    const headers = await bearer(`customer-${randomUUID()}`);
    const responses = await series(burst.customer + 1, '/mine', (index) => ({ headers, remoteAddress: `198.51.100.${20 + index}` }));
    expect(statuses(responses)).toEqual([...Array(burst.customer).fill(200), 429]);
    expect(responses[0]!.headers['ratelimit-policy']).toBe('"customer";q=6;w=2');
    const someoneElse = await call('GET', '/mine', { headers: await bearer(`customer-${randomUUID()}`), remoteAddress: '198.51.100.20' });
    expect(someoneElse.status).toBe(200);
  });

  it('gives the admin limit to admin routes and to admin callers on any authenticated route', async () => {
    const headers = await bearer(`admin-${randomUUID()}`, ['admin']);
    const responses = await series(burst.admin + 1, '/manage', { headers, remoteAddress: '198.51.100.40' });
    expect(statuses(responses)).toEqual([...Array(burst.admin).fill(200), 429]);
    expect(responses[0]!.headers['ratelimit-policy']).toBe('"admin";q=16;w=2');
    // Same class, same subject: a customer route is refused as well.
    const onCustomerRoute = await call('GET', '/mine', { headers, remoteAddress: '198.51.100.41' });
    expect(onCustomerRoute.status).toBe(429);
    expect(onCustomerRoute.headers['ratelimit-policy']).toBe('"admin";q=16;w=2');
  });

  it('never limits the health probes', async () => {
    const responses = await series(200, '/healthz', { remoteAddress: '198.51.100.50' });
    expect(new Set(statuses(responses))).toEqual(new Set([200]));
    expect(responses[0]!.headers.ratelimit).toBeUndefined();
    expect((await call('GET', '/readyz', { remoteAddress: '198.51.100.50' })).headers.ratelimit).toBeUndefined();
  });
});
