import { deleteKeysUnder } from '../scripts/lib/redis-keys';
import { deleteBrokerTopology } from '../scripts/lib/topology';
import { dropDatabase } from '../shared/db/migrate';

/** Drops this run's database, deletes its Redis keys and its exchanges and queues. */
export default async function globalTeardown(): Promise<void> {
  await deleteBrokerTopology();
  await dropDatabase(process.env.DATABASE_URL!);
  await deleteKeysUnder(process.env.REDIS_KEY_PREFIX!);
}
