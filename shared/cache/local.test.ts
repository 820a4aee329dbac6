import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import { isolated, until } from '../../test/faults/isolated';
import { startTcpProxy, type TcpProxy } from '../../test/tcp-proxy';
import { config } from '../config';
import { cacheAside, catalogVersion, closeRedis, redis } from './index';
import { localCache } from './local';

/** Another Redis client: a different process, as far as Redis's invalidations are concerned. */
const other = createClient({ url: config().REDIS_URL });
const uniqueKey = (label: string) => `${config().REDIS_KEY_PREFIX}l1-test:${label}:${randomUUID()}`;
const created: string[] = [];

/** A key Redis holds, read twice through cacheAside so this process keeps a copy. */
async function cachedKey(label: string, value: string): Promise<string> {
  const key = uniqueKey(label);
  created.push(key);
  await other.set(key, value, { expiration: { type: 'EX', value: 60 } });
  expect(await cacheAside(key, async () => 'loaded')).toBe(value);
  return key;
}

beforeAll(async () => {
  await other.connect();
});

afterAll(async () => {
  if (created.length > 0) await other.del(created);
  other.destroy();
  await closeRedis();
});

describe('the in-process cache tier', () => {
  it('keeps a value this process read from Redis', async () => {
    const key = await cachedKey('kept', 'v1');
    expect(localCache.get(key)).toBe('v1');
  });

  it('drops its copy when another client changes the key, and the next read returns the new value', async () => {
    const key = await cachedKey('changed', 'old');
    await other.set(key, 'new', { expiration: { type: 'EX', value: 60 } });
    await until(async () => localCache.get(key), (value) => value === undefined, 'the invalidation to arrive');
    expect(await cacheAside(key, async () => 'loaded')).toBe('new');
  });

  it('drops its copy when another client deletes the key, and the loader runs again', async () => {
    const key = await cachedKey('deleted', 'gone soon');
    await other.del(key);
    await until(async () => localCache.get(key), (value) => value === undefined, 'the invalidation to arrive');
    expect(await cacheAside(key, async () => 'reloaded')).toBe('reloaded');
  });

  it('drops its copy at once when this process changes the key (the push comes before the reply)', async () => {
    const key = await cachedKey('own-write', 'before');
    await (await redis()).set(key, 'after');
    expect(localCache.get(key)).toBeUndefined();
  });

  it('follows the catalog version as other processes bump it', async () => {
    const before = await catalogVersion();
    await other.incr(`${config().REDIS_KEY_PREFIX}catalog:version`);
    await until(() => catalogVersion(), (version) => version === before + 1, 'the bumped version');
  });
});

describe('the in-process tier when the connection to Redis fails', () => {
  let proxy: TcpProxy;
  let cache: typeof import('./index');
  let local: typeof import('./local');

  beforeAll(async () => {
    proxy = await startTcpProxy(6379);
    const redisUrl = `redis://127.0.0.1:${proxy.port}`;
    [cache, local] = await isolated(async () => {
      (await import('../config')).setConfig({ REDIS_URL: redisUrl });
      return Promise.all([import('./index'), import('./local')]);
    });
  });

  afterEach(() => proxy.resume());

  afterAll(async () => {
    await cache.closeRedis();
    await proxy.close();
  });

  it('answers from its copy while Redis stalls, without calling the loader', async () => {
    const key = uniqueKey('stall');
    created.push(key);
    await other.set(key, 'held', { expiration: { type: 'EX', value: 60 } });
    await cache.cacheAside(key, async () => 'loaded');
    expect(local.localCache.get(key)).toBe('held');
    proxy.delay(1_000);
    const loader = jest.fn(async () => 'loaded');
    expect(await cache.cacheAside(key, loader)).toBe('held');
    expect(loader).not.toHaveBeenCalled();
  });

  it('forgets everything once the connection is lost, since invalidations may have been missed', async () => {
    const key = uniqueKey('cut');
    created.push(key);
    await other.set(key, 'held', { expiration: { type: 'EX', value: 60 } });
    await until(() => cache.cacheAside(key, async () => 'loaded'), () => local.localCache.get(key) === 'held', 'the copy to be kept');
    proxy.cut();
    await until(async () => local.localCache.size, (size) => size === 0, 'the tier to be emptied');
  });
});
