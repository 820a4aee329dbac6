import { v7 } from 'uuid';
import type { TestResponse } from '../app-client';
import { startTcpProxy, type TcpProxy } from '../tcp-proxy';
import { isolated, timed, until } from './isolated';
import { insertProduct as insertTestProduct, setStock } from '../products';

/**
 * GET /v1/products/{id} while the network to Redis fails, through a TCP proxy in front of the machine's
 * Redis (never stopped): answers keep coming from PostgreSQL, the `redis` breaker (at least half of at
 * least 4 calls in 2 s failing, half-open after 2 s) opens and later closes, and the cache serves again
 * once Redis is back.
 */
let proxy: TcpProxy;
let app: Awaited<ReturnType<typeof load>>;
const productIds: string[] = [];

async function load(redisUrl: string) {
  (await import('../../shared/config')).setConfig({ REDIS_URL: redisUrl });
  const { appClient } = await import('../app-client');
  const { default: productsGet } = await import('../../functions/products-get/function');
  const db = await import('../../shared/db');
  const cache = await import('../../shared/cache');
  return { call: appClient(productsGet), db, cache };
}

beforeAll(async () => {
  proxy = await startTcpProxy(6379);
  app = await isolated(() => load(`redis://127.0.0.1:${proxy.port}`));
});

afterEach(() => proxy.resume());

afterAll(async () => {
  const client = (await until(() => app.cache.redis().catch(() => undefined), Boolean, 'Redis to be reachable again'))!;
  await client.del(productIds.map((id) => app.cache.cacheKeys.product(id)));
  await app.db.primary()`DELETE FROM products WHERE id = ANY(${app.db.arrayLiteral(productIds)}::uuid[])`;
  await app.cache.closeRedis();
  await app.db.closeDb();
  await proxy.close();
});

/** A product of this file's own, in the category the order tests use, which no other test file walks or counts. */
async function insertProduct(stock: number): Promise<string> {
  const id = v7();
  productIds.push(id);
  await insertTestProduct(app.db.primary(), { id, sku: `TEST-FAULTS-${id}`, name: 'Test Fault Mat', description: 'Inserted by test/faults/redis.test.ts', category: 'yoga', price: 1000, stock });
  return id;
}

const remoteAddress = '198.51.100.71';
const get = (id: string): Promise<TestResponse> => app.call('GET', `/v1/products/${id}`, { remoteAddress });
const stockOf = async (id: string): Promise<number> => {
  const response = await get(id);
  expect(response.status).toBe(200);
  return (response.json() as { stock: number }).stock;
};
const redisBreaker = async (): Promise<string> => ((await app.call('GET', '/readyz', { remoteAddress })).json() as { breakers: Record<string, string> }).breakers.redis ?? 'none';

describe('products-get while Redis is cut off', () => {
  it('answers from PostgreSQL, opens the redis breaker, and serves the cache again once Redis is back and the breaker has closed', async () => {
    const id = await insertProduct(5);
    expect(await stockOf(id)).toBe(5);
    await setStock(app.db.primary(), id, 9);
    expect(await stockOf(id)).toBe(5); // the cache is warm: Redis answers, not the row

    proxy.cut();
    const failingCommand = () => app.cache.withRedis((client) => client.get(app.cache.cacheKeys.product(id)));
    await expect(failingCommand()).rejects.toThrow();
    await expect(failingCommand()).rejects.toThrow();
    expect(await redisBreaker()).toBe('closed');
    expect(await stockOf(id)).toBe(9); // the row: PostgreSQL answers; its failed lookups make half the window's calls failures
    expect(await redisBreaker()).toBe('open');

    const [stock, elapsed] = await timed(() => stockOf(id));
    expect(stock).toBe(9);
    expect(elapsed).toBeLessThan(200);

    proxy.resume();
    // Half-open after 2 s: the next call tries Redis again, and its success closes the breaker.
    await until(async () => [await stockOf(id), await redisBreaker()] as const, ([, state]) => state === 'closed', 'the redis breaker to close', { attempts: 60 });
    expect(await stockOf(id)).toBe(5); // the cached answer again, not the row
  });
});

describe('products-get while Redis answers 1 s late (each way)', () => {
  // From a closed breaker, whatever an earlier test left: a command after the half-open delay closes it.
  beforeEach(() =>
    until(
      async () => {
        await app.cache.withRedis((client) => client.ping()).catch(() => undefined);
        return redisBreaker();
      },
      (state) => state === 'closed',
      'the redis breaker to close',
      { attempts: 60 },
    ));

  // Every Redis round trip of a request is bounded, the rate limiter's too (shared/http/middlewares/rate-limit.ts).
  it('answers from PostgreSQL within the 250 ms command timeouts, then without waiting on Redis once the breaker is open', async () => {
    const id = await insertProduct(5);
    expect(await stockOf(id)).toBe(5);
    await setStock(app.db.primary(), id, 9);

    const delayMs = 1000;
    proxy.delay(delayMs);
    // Cache read and read-your-writes lookup time out (250 ms each) and the row answers; the cache write
    // times out too. The window still holds the successes before the delay: the breaker opens once the
    // timeouts are half its calls, at the second request here. A request that waited for any Redis
    // answer would take its whole round trip (the delay each way); one bounded by the timeouts takes
    // well under that, though more than their sum on a loaded machine, whose saturated event loop
    // stretches them (withTimeout): one took 1.4 s under a full CI run.
    for (let request = 1; request <= 3 && (await redisBreaker()) !== 'open'; request++) {
      const [stock, elapsed] = await timed(() => stockOf(id));
      expect(stock).toBe(9);
      expect(elapsed).toBeLessThan(2 * delayMs);
    }
    expect(await redisBreaker()).toBe('open');

    const [second, secondElapsed] = await timed(() => stockOf(id));
    expect(second).toBe(9);
    expect(secondElapsed).toBeLessThan(200);
  });
});
