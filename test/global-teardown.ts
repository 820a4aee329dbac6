import postgres from 'postgres';
import { createClient } from 'redis';
import { deleteBrokerTopology } from '../scripts/lib/topology';

/** Drops this run's database, deletes its Redis keys and its exchanges and queues. */
export default async function globalTeardown(): Promise<void> {
  await deleteBrokerTopology();
  const url = new URL(process.env.DATABASE_URL!);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();

  const redis = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }).connect();
  for await (const keys of redis.scanIterator({ MATCH: `${process.env.REDIS_KEY_PREFIX}*`, COUNT: 500 })) {
    if (keys.length > 0) await redis.unlink(keys);
  }
  await redis.close();
}
