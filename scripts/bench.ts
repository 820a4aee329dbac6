// `npm run bench`: Brisk's benchmark, in one go on its own seeded database (brisk_bench), key prefix
// and queues. Servers run pinned to core 0 and the load generator to core 1 where taskset exists.
import { benchEnv, pinned, printTable, root } from './bench/setup';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import amqp from 'amqplib';
import postgres from 'postgres';
import { eventNames } from '../shared/events';
import { ordersEndToEnd, ordersPost } from './bench/orders';
import { productGet } from './bench/product-get';
import { prepareDatabase } from './lib/prepare-database';
import { declareBrokerTopology } from './lib/topology';

const hotIds = 1_000;

async function emptyOrderQueue(): Promise<void> {
  await declareBrokerTopology();
  const connection = await amqp.connect(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  await (await connection.createChannel()).purgeQueue(eventNames.queue('order-processor'));
  await connection.close();
}

async function main(): Promise<void> {
  await prepareDatabase(benchEnv.DATABASE_URL);
  await emptyOrderQueue();
  execFileSync(process.execPath, [path.join(root, 'esbuild.config.mjs')], { stdio: 'ignore' });
  const sql = postgres(benchEnv.DATABASE_URL, { max: 1 });
  const ids = (await sql<{ id: string }[]>`SELECT id FROM products ORDER BY id LIMIT ${hotIds}`).map((row) => row.id);
  await sql.end();

  console.log(`\n${ids.length} hot products; ${pinned ? 'servers on core 0, load generator on core 1' : 'unpinned (no taskset)'}\n`);
  const rows = await productGet(ids);
  const posted = await ordersPost(ids);
  rows.push(posted.row, ...(await ordersEndToEnd(posted.accepted)));
  printTable(rows, rows.find((row) => row.server.startsWith('baseline'))?.rps);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
