import { appClient } from '../../test/app-client';
import { closeRedis, redis } from '../cache';
import { setConfig } from '../config';
import { expectBurstThenRefused, openFunction, statusesInARow } from './rate-limit.fixtures';

setConfig({ RATE_LIMIT_PUBLIC_RPS: '5', REDIS_URL: 'redis://127.0.0.1:1' });

const call = appClient(openFunction());

describe('rate limiting with Redis on a closed port', () => {
  afterAll(() => closeRedis());

  it('answers from the in-process limiter: the burst passes, then 429', async () => {
    await expect(redis()).rejects.toThrow();
    expectBurstThenRefused(await statusesInARow(call, 100, '198.51.100.1'));
    const other = await call('GET', '/open', { remoteAddress: '198.51.100.2' });
    expect(other.status).toBe(200);
    expect(other.headers.ratelimit).toBe('"public";r=9;t=2');
  });

  it('never limits the health probes', async () => {
    expect(new Set(await statusesInARow(call, 50, '198.51.100.1', '/healthz'))).toEqual(new Set([200]));
  });
});
