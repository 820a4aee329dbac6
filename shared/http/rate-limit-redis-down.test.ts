import { randomUUID } from 'node:crypto';
import { config, type ConfigValues } from '../config';
import { startTcpProxy, type TcpProxy } from '../../test/tcp-proxy';

/** The app, its cache module and a public route, in a module registry of their own, configured by `values`. */
async function load(values: ConfigValues) {
  let loaded: { call: ReturnType<typeof import('../../test/app-client').appClient>; cache: typeof import('../cache') } | undefined;
  await jest.isolateModulesAsync(async () => {
    (await import('../config')).setConfig({ RATE_LIMIT_PUBLIC_RPS: '5', ...values });
    const { z } = await import('zod');
    const { appClient } = await import('../../test/app-client');
    const { defineHttpFunction } = await import('./define');
    const open = defineHttpFunction({
      name: 'open',
      method: 'GET',
      path: '/open',
      summary: 'Public',
      response: z.object({ ok: z.literal(true) }),
      handler: async () => ({ ok: true as const }),
    });
    loaded = { call: appClient(open), cache: await import('../cache') };
  });
  return loaded!;
}

type App = Awaited<ReturnType<typeof load>>;

/** Statuses of `count` calls in a row from one address. */
async function statuses(app: App, count: number, remoteAddress: string, url = '/open'): Promise<number[]> {
  const seen: number[] = [];
  for (let index = 0; index < count; index++) seen.push((await app.call('GET', url, { remoteAddress })).status);
  return seen;
}

/** The burst (2×5) passes, then the limiter refuses: whichever limiter counted. */
function expectBurstThenRefused(seen: number[]): void {
  expect(seen.slice(0, 10)).toEqual(Array(10).fill(200));
  expect(seen).toContain(429);
  expect(new Set(seen)).toEqual(new Set([200, 429]));
}

describe('rate limiting when Redis is lost after the limiter was made', () => {
  let proxy: TcpProxy;
  let app: App;
  beforeAll(async () => {
    proxy = await startTcpProxy(6379);
    app = await load({
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}rate-limit-${randomUUID()}:`,
    });
    // Counted in Redis while it answers.
    expect((await app.call('GET', '/open', { remoteAddress: '198.51.100.10' })).status).toBe(200);
    expect(await (await app.cache.redis()).exists(`${app.cache.cacheKeys.rateLimit('public')}:ip:198.51.100.10`)).toBe(1);
  });
  afterEach(() => proxy.resume());
  afterAll(async () => {
    await app.cache.closeRedis();
    await proxy.close();
  });

  it('does not wait on a Redis that has stopped answering', async () => {
    proxy.delay(2000); // 30 requests waiting on Redis would outlast the test timeout
    expectBurstThenRefused(await statuses(app, 30, '198.51.100.11'));
  });

  it('falls back to the in-process limiter when the connection is cut', async () => {
    proxy.cut();
    expectBurstThenRefused(await statuses(app, 30, '198.51.100.12'));
  });
});
