import * as z from 'zod';
import { appClient } from '../../test/app-client';
import { closeRedis, redis } from '../cache';
import { setConfig } from '../config';
import { defineHttpFunction } from './define';

setConfig({ RATE_LIMIT_PUBLIC_RPS: '5', REDIS_URL: 'redis://127.0.0.1:1' });

const open = defineHttpFunction({
  name: 'open',
  method: 'GET',
  path: '/open',
  summary: 'Public',
  response: z.object({ ok: z.literal(true) }),
  handler: async () => ({ ok: true as const }),
});
const call = appClient(open);

/** Statuses of `count` calls in a row from one address. */
async function statuses(count: number, remoteAddress: string, url = '/open'): Promise<number[]> {
  const seen: number[] = [];
  for (let index = 0; index < count; index++) seen.push((await call('GET', url, { remoteAddress })).status);
  return seen;
}

/** The burst (2×5) passes, then the limiter refuses. */
function expectBurstThenRefused(seen: number[]): void {
  expect(seen.slice(0, 10)).toEqual(Array(10).fill(200));
  expect(seen).toContain(429);
  expect(new Set(seen)).toEqual(new Set([200, 429]));
}

describe('rate limiting with Redis on a closed port', () => {
  afterAll(() => closeRedis());

  it('answers from the in-process limiter: the burst passes, then 429', async () => {
    await expect(redis()).rejects.toThrow();
    expectBurstThenRefused(await statuses(100, '198.51.100.1'));
    const other = await call('GET', '/open', { remoteAddress: '198.51.100.2' });
    expect(other.status).toBe(200);
    expect(other.headers.ratelimit).toBe('"public";r=9;t=2');
  });

  it('never limits the health probes', async () => {
    expect(new Set(await statuses(50, '198.51.100.1', '/healthz'))).toEqual(new Set([200]));
  });
});
