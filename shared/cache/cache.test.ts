import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { config, setConfig } from '../config';
import { bumpCatalogVersion, cacheAside, cacheKeys, catalogVersion, closeRedis, redis, withRedis } from './index';

// This file's keys live under the run's prefix plus a suffix of their own, so bumping the catalog
// version here never invalidates what other test files cache. (Key names and a Redis that is down:
// cache.unit.test.ts.)
setConfig({ REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}cache-test:` });

/** A key of this test file's own, under the run's prefix. */
const uniqueKey = (label: string) => `${config().REDIS_KEY_PREFIX}${label}:${randomUUID()}`;

afterAll(async () => {
  await closeRedis();
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

describe('the Redis connection', () => {
  it('arms no timer of its own per command: withRedis bounds each call, and the library default (an AbortSignal.timeout each) cost ~40 µs a command', async () => {
    const key = uniqueKey('no-timer');
    const client = await redis();
    const timers = jest.spyOn(AbortSignal, 'timeout');
    try {
      await withRedis((connection) => connection.set(key, 'v', { EX: 60 }));
      await Promise.all([client.get(key), client.ttl(key), client.del(key)]);
      expect(timers).not.toHaveBeenCalled();
    } finally {
      timers.mockRestore();
    }
  });
});
