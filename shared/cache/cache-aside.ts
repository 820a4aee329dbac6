import { config } from '../config';
import { logger } from '../log';
import { recordCacheLookup } from '../metrics';
import { localCache } from './local';
import { withRedis } from './redis';

/** Stored for a key whose source had nothing: a 404 is cached too, for a shorter time. */
const absent = '';

const inFlight = new Map<string, Promise<string | null>>();

function ttlWithJitter(seconds: number): number {
  return Math.max(1, Math.round(seconds * (1 + Math.random() * config().CACHE_TTL_JITTER)));
}

/** A key's value from Redis (null: none, or Redis failed), kept in this process until Redis invalidates it. */
export async function readTracked(key: string): Promise<string | null> {
  const fill = localCache.beginFill(key);
  try {
    const value = await withRedis((client) => client.get(key), 'GET cache');
    fill(value);
    recordCacheLookup('redis', value !== null);
    return value;
  } catch (error) {
    fill();
    recordCacheLookup('redis', false);
    logger().debug({ err: error, key }, 'cache read failed');
    return null;
  }
}

async function readThrough(key: string, load: () => Promise<string | null>): Promise<string | null> {
  const cached = await readTracked(key);
  if (cached !== null) return cached === absent ? null : cached;

  const value = await load();
  const { CACHE_TTL_SECONDS, CACHE_NEGATIVE_TTL_SECONDS } = config();
  const ttl = ttlWithJitter(value === null ? CACHE_NEGATIVE_TTL_SECONDS : CACHE_TTL_SECONDS);
  await withRedis((client) => client.set(key, value ?? absent, { expiration: { type: 'EX', value: ttl } }), 'SET cache').catch((error: unknown) => {
    logger().debug({ err: error, key }, 'cache write failed');
  });
  return value;
}

/**
 * Cache-aside for serialized values over two tiers: this process's copy (kept true by Redis invalidations),
 * then Redis, else `load` and store (null = "does not exist", cached for the shorter negative TTL).
 * Concurrent calls for one key share one Redis read and one load.
 */
export function cacheAside(key: string, load: () => Promise<string | null>): Promise<string | null> {
  const local = localCache.get(key);
  if (typeof local === 'string') return Promise.resolve(local === absent ? null : local);
  const pending = inFlight.get(key);
  if (pending) return pending;
  const flight = readThrough(key, load).finally(() => inFlight.delete(key));
  inFlight.set(key, flight);
  return flight;
}
