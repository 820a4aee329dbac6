// A fresh stack for every run: the bench database dropped and seeded again (10,000 products, the hot
// ones stocked for every order the bench places, no orders), the bench's Redis keys and order queue
// emptied, the replica running and caught up.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Channel } from 'amqplib';
import postgres from 'postgres';
import { currentWalLsn } from '../../shared/db/lsn';
import { dropDatabase, maintenanceUrl } from '../../shared/db/migrate';
import { eventNames } from '../../shared/events';
import { withChannel } from '../lib/amqp';
import { prepareDatabase } from '../lib/prepare-database';
import { deleteKeysUnder } from '../lib/redis-keys';
import { declareBrokerTopology } from '../lib/topology';
import { benchEnv, replicaUrl, root, sleep } from './setup';

/** Deletes every key under the bench prefix. */
export const clearBenchKeys = () => deleteKeysUnder(benchEnv.REDIS_KEY_PREFIX);

const database = new URL(benchEnv.DATABASE_URL).pathname.slice(1);

/** Runs `work` on a connection of its own to the bench database, closed after. */
async function withBenchDatabase<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(benchEnv.DATABASE_URL, { max: 1 });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

async function recreateDatabase(): Promise<void> {
  await dropDatabase(benchEnv.DATABASE_URL);
  await prepareDatabase(benchEnv.DATABASE_URL, () => {});
}

/** Runs `work` on a channel of a connection of its own, with the order-processor queue's name. */
export function withOrderQueue<T>(work: (channel: Channel, queue: string) => Promise<T>): Promise<T> {
  return withChannel((channel) => work(channel, eventNames.queue('order-processor')));
}

async function emptyOrderQueue(): Promise<void> {
  await declareBrokerTopology();
  await withOrderQueue((channel, queue) => channel.purgeQueue(queue));
}

/** Starts the replica (idempotent) and waits until it has replayed the primary's WAL as of now: the seeded bench database included. */
async function replicaCaughtUp(): Promise<void> {
  execFileSync('bash', [path.join(root, 'scripts/db-replica.sh')], { stdio: 'ignore' });
  const head = await withBenchDatabase(currentWalLsn);
  const url = maintenanceUrl(replicaUrl);
  const replica = postgres(url, { max: 1 });
  try {
    for (let attempt = 0; attempt < 600; attempt++) {
      const [row] = await replica<{ ready: boolean }[]>`
        SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), ${head}::pg_lsn) >= 0
           AND EXISTS (SELECT FROM pg_database WHERE datname = ${database}) AS ready`;
      if (row?.ready) return;
      await sleep(100);
    }
    throw new Error(`the replica (${new URL(replicaUrl).host}) did not catch up with the seeded bench database within 60 s`);
  } finally {
    await replica.end();
  }
}

/**
 * Enough stock in the hot products for every order the bench places: an order rejected as sold out
 * skips the payment and the confirmation, and would flatter the end-to-end row's cost per order.
 */
async function stockHotProducts(): Promise<void> {
  await withBenchDatabase((sql) => sql`UPDATE product_stock SET stock = 1000000 WHERE product_id IN (SELECT id FROM products ORDER BY id LIMIT ${hotProducts})`);
}

export async function freshStack(): Promise<void> {
  await recreateDatabase();
  await stockHotProducts();
  await Promise.all([clearBenchKeys(), emptyOrderQueue(), replicaCaughtUp()]);
}

/** How many of the seeded products (the first, in id order) the GET and POST rows ask for: they stay in the cache. */
export const hotProducts = 1_000;

/** The bench database's product ids, in id order. */
export async function seededIds(): Promise<string[]> {
  return withBenchDatabase(async (sql) => (await sql<{ id: string }[]>`SELECT id FROM products ORDER BY id`).map((row) => row.id));
}
