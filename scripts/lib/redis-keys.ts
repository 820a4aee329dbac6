import { createClient, type RedisClientType } from '@redis/client';

/** Runs `work` on a Redis connection of its own, closed afterwards (scripts and tests, not the functions' shared client). */
export async function withOwnRedis<T>(work: (redis: RedisClientType) => Promise<T>): Promise<T> {
  const redis: RedisClientType = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }).connect();
  try {
    return await work(redis);
  } finally {
    redis.destroy();
  }
}

/** Deletes every key under `prefix` (SCAN + UNLINK, never FLUSHALL: other runs share this Redis); returns how many went. */
export function deleteKeysUnder(prefix: string): Promise<number> {
  return withOwnRedis(async (redis) => {
    let deleted = 0;
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) deleted += await redis.unlink(keys);
    }
    return deleted;
  });
}
