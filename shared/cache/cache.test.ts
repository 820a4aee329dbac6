import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

// This file's keys live under the run's prefix plus a suffix of their own, so bumping the catalog
// version here never invalidates what other test files cache. Set before config() is first read.
const runPrefix = process.env.REDIS_KEY_PREFIX!;
process.env.REDIS_KEY_PREFIX = `${runPrefix}cache-test:`;

import { config } from '../config';
import { bumpCatalogVersion, cacheAside, cacheKeys, catalogVersion, closeRedis, redis } from './index';

type CacheModule = typeof import('./index');
type ConfigModule = typeof import('../config');
type RedisLibrary = typeof import('@redis/client');
type AnyRedisClient = ReturnType<RedisLibrary['createClient']>;

/** A key of this test file's own, under the run's prefix. */
const uniqueKey = (label: string) => `${config().REDIS_KEY_PREFIX}${label}:${randomUUID()}`;

afterAll(async () => {
  await closeRedis();
});

describe('cacheKeys', () => {
  it('puts every key under the configured prefix', () => {
    const prefix = process.env.REDIS_KEY_PREFIX!;
    expect(prefix.startsWith(runPrefix)).toBe(true);
    expect(cacheKeys.product('p1')).toBe(`${prefix}product:p1`);
    expect(cacheKeys.productList(3, 'hash')).toBe(`${prefix}products:v3:hash`);
    expect(cacheKeys.categories(3)).toBe(`${prefix}categories:v3`);
    expect(cacheKeys.catalogVersion()).toBe(`${prefix}catalog:version`);
  });

  it('gives list keys of different catalog versions different names', () => {
    expect(cacheKeys.productList(1, 'q')).not.toBe(cacheKeys.productList(2, 'q'));
    expect(cacheKeys.categories(1)).not.toBe(cacheKeys.categories(2));
  });
});

describe('cacheAside', () => {
  it('returns the loaded value and stores it with a TTL between CACHE_TTL_SECONDS and CACHE_TTL_SECONDS*(1+jitter)', async () => {
    const key = uniqueKey('ttl');
    expect(await cacheAside(key, async () => '{"loaded":true}')).toBe('{"loaded":true}');
    const client = await redis();
    expect(await client.get(key)).toBe('{"loaded":true}');
    const ttl = await client.ttl(key);
    const { CACHE_TTL_SECONDS, CACHE_TTL_JITTER } = config();
    expect(ttl).toBeGreaterThanOrEqual(CACHE_TTL_SECONDS);
    expect(ttl).toBeLessThanOrEqual(Math.ceil(CACHE_TTL_SECONDS * (1 + CACHE_TTL_JITTER)));
  });

  it('spreads TTLs within the jitter range over many keys', async () => {
    const client = await redis();
    const { CACHE_TTL_SECONDS, CACHE_TTL_JITTER } = config();
    const keys = Array.from({ length: 40 }, () => uniqueKey('jitter'));
    await Promise.all(keys.map((key) => cacheAside(key, async () => 'v')));
    const ttls = await Promise.all(keys.map((key) => client.ttl(key)));
    for (const ttl of ttls) {
      expect(ttl).toBeGreaterThanOrEqual(CACHE_TTL_SECONDS);
      expect(ttl).toBeLessThanOrEqual(Math.ceil(CACHE_TTL_SECONDS * (1 + CACHE_TTL_JITTER)));
    }
    if (CACHE_TTL_JITTER * CACHE_TTL_SECONDS >= 2) expect(new Set(ttls).size).toBeGreaterThan(1);
  });

  it('returns the cached value without calling the loader when the key is cached', async () => {
    const key = uniqueKey('hit');
    await cacheAside(key, async () => 'first');
    const loader = jest.fn(async () => 'second');
    expect(await cacheAside(key, loader)).toBe('first');
    expect(loader).not.toHaveBeenCalled();
  });

  it('returns what Redis holds for the key, whoever stored it', async () => {
    const key = uniqueKey('external');
    const client = await redis();
    await client.set(key, 'stored elsewhere', { expiration: { type: 'EX', value: 60 } });
    const loader = jest.fn(async () => 'loaded');
    expect(await cacheAside(key, loader)).toBe('stored elsewhere');
    expect(loader).not.toHaveBeenCalled();
  });

  it('caches a null load with the negative TTL and returns null later without calling the loader', async () => {
    const key = uniqueKey('negative');
    const missing = jest.fn(async (): Promise<string | null> => null);
    expect(await cacheAside(key, missing)).toBeNull();
    expect(missing).toHaveBeenCalledTimes(1);

    const client = await redis();
    expect(await client.exists(key)).toBe(1);
    const ttl = await client.ttl(key);
    const { CACHE_NEGATIVE_TTL_SECONDS, CACHE_TTL_JITTER } = config();
    expect(ttl).toBeGreaterThanOrEqual(CACHE_NEGATIVE_TTL_SECONDS);
    expect(ttl).toBeLessThanOrEqual(Math.ceil(CACHE_NEGATIVE_TTL_SECONDS * (1 + CACHE_TTL_JITTER)));

    const loader = jest.fn(async (): Promise<string | null> => 'now it exists');
    expect(await cacheAside(key, loader)).toBeNull();
    expect(loader).not.toHaveBeenCalled();
  });

  it('calls the loader again once a negatively cached key is deleted', async () => {
    const key = uniqueKey('negative-deleted');
    await cacheAside(key, async () => null);
    await (await redis()).del(key);
    expect(await cacheAside(key, async () => 'found')).toBe('found');
  });

  it('calls the loader exactly once for 50 concurrent calls on a cold key, and gives every caller its value', async () => {
    const key = uniqueKey('single-flight');
    const loader = jest.fn(async () => {
      await sleep(50);
      return 'shared value';
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => cacheAside(key, loader)));
    expect(loader).toHaveBeenCalledTimes(1);
    expect(results).toEqual(Array.from({ length: 50 }, () => 'shared value'));
  });

  it('calls the loader once for concurrent calls on a cold key whose source has nothing', async () => {
    const key = uniqueKey('single-flight-null');
    const loader = jest.fn(async (): Promise<string | null> => {
      await sleep(20);
      return null;
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => cacheAside(key, loader)));
    expect(loader).toHaveBeenCalledTimes(1);
    expect(results.every((result) => result === null)).toBe(true);
  });

  it('loads different keys independently', async () => {
    const [a, b] = [uniqueKey('independent-a'), uniqueKey('independent-b')];
    const results = await Promise.all([cacheAside(a, async () => 'A'), cacheAside(b, async () => 'B')]);
    expect(results).toEqual(['A', 'B']);
  });

  it('passes a loader error to every waiting caller and does not cache it', async () => {
    const key = uniqueKey('failing');
    const failing = jest.fn(async (): Promise<string | null> => {
      await sleep(10);
      throw new Error('database down');
    });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => cacheAside(key, failing)));
    expect(failing).toHaveBeenCalledTimes(1);
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(await (await redis()).exists(key)).toBe(0);
    expect(await cacheAside(key, async () => 'recovered')).toBe('recovered');
  });
});

describe('catalogVersion', () => {
  it('changes after bumpCatalogVersion, to the number the bump returned', async () => {
    const before = await catalogVersion();
    const bumped = await bumpCatalogVersion();
    expect(bumped).toBe(before + 1);
    expect(await catalogVersion()).toBe(bumped);
    expect(await catalogVersion()).not.toBe(before);
  });

  it('is 0 while the catalog has never been bumped', async () => {
    await (await redis()).del(cacheKeys.catalogVersion());
    expect(await catalogVersion()).toBe(0);
    expect(await bumpCatalogVersion()).toBe(1);
  });
});

describe('when Redis is unreachable', () => {
  /** How long a call may take before the test reports it as hanging (not a performance bound). */
  const hangGuardMs = 5_000;
  const hanging = Symbol('did not settle');
  const createdClients: AnyRedisClient[] = [];
  let isolated: CacheModule;

  const settleOrHang = async <T>(promise: Promise<T>): Promise<T | typeof hanging> => {
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<typeof hanging>((resolve) => (timer = setTimeout(() => resolve(hanging), hangGuardMs)));
    try {
      return await Promise.race([promise, guard]);
    } finally {
      clearTimeout(timer);
    }
  };

  beforeAll(() => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    try {
      jest.isolateModules(() => {
        (require('../config') as ConfigModule).config();
        // Records (and still calls) the real createClient, so afterAll can close the client whatever state it is in.
        const library = require('@redis/client') as RedisLibrary;
        const realCreateClient = library.createClient;
        jest.spyOn(library, 'createClient').mockImplementation(((options?: Parameters<RedisLibrary['createClient']>[0]) => {
          const client = realCreateClient(options);
          createdClients.push(client);
          return client;
        }) as RedisLibrary['createClient']);
        isolated = require('./index') as CacheModule;
      });
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
    }
  });

  afterAll(async () => {
    for (const client of createdClients) {
      if (client.isOpen) client.destroy();
    }
    await isolated.closeRedis();
  });

  it('cacheAside still returns the loaded value instead of throwing', async () => {
    const loader = jest.fn(async () => 'loaded from the database');
    const outcome = await settleOrHang(isolated.cacheAside(uniqueKey('redis-down'), loader));
    expect(outcome).toBe('loaded from the database');
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('cacheAside returns null for a null load instead of throwing', async () => {
    const outcome = await settleOrHang(isolated.cacheAside(uniqueKey('redis-down-null'), async () => null));
    expect(outcome).toBeNull();
  });

  it('catalogVersion falls back to 0 instead of throwing', async () => {
    expect(await settleOrHang(isolated.catalogVersion())).toBe(0);
  });
});
