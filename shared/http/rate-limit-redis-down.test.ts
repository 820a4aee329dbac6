import { randomUUID } from 'node:crypto';
import { config, type ConfigValues } from '../config';
import { startTcpProxy, type TcpProxy } from '../../test/tcp-proxy';
import { expectBurstThenRefused, statusesInARow } from './rate-limit.fixtures';

/** The app, its cache module and a public route, in a module registry of their own, configured by `values`. */
async function load(values: ConfigValues) {
  let loaded: { call: ReturnType<typeof import('../../test/app-client').appClient>; cache: typeof import('../cache') } | undefined;
  await jest.isolateModulesAsync(async () => {
    (await import('../config')).setConfig({ RATE_LIMIT_PUBLIC_RPS: '5', ...values });
    const { appClient } = await import('../../test/app-client');
    const { openFunction } = await import('./rate-limit.fixtures');
    loaded = { call: appClient(openFunction()), cache: await import('../cache') };
  });
  return loaded!;
}

type App = Awaited<ReturnType<typeof load>>;

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
    expectBurstThenRefused(await statusesInARow(app.call, 30, '198.51.100.11'));
  });

  it('falls back to the in-process limiter when the connection is cut', async () => {
    proxy.cut();
    expectBurstThenRefused(await statusesInARow(app.call, 30, '198.51.100.12'));
  });
});
