import { createClient } from '@redis/client';

/** Deletes every key under `prefix` (SCAN + UNLINK, never FLUSHALL: other runs share this Redis); returns how many went. */
export async function deleteKeysUnder(prefix: string, url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'): Promise<number> {
  const redis = await createClient({ url }).connect();
  try {
    let deleted = 0;
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) deleted += await redis.unlink(keys);
    }
    return deleted;
  } finally {
    redis.destroy();
  }
}
