// Cold GET /v1/products/{id}: the bench's Redis keys deleted, a fresh products-get process reading from
// the streaming replica, and every seeded id requested exactly once, so every request is a cache miss.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { clearBenchKeys } from './stack';
import { benchEnv, bundle, count, replicaUrl, type Row, sleep, warm, withServer } from './setup';
import { measureMax } from './wrk';

/** Index and sequential scans of `products` so far on one server (a fresh session, so a fresh statistics snapshot). */
async function productScans(databaseUrl: string): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1 });
  try {
    const [row] = await sql<{ scans: number }[]>`
      SELECT (coalesce(idx_scan, 0) + coalesce(seq_scan, 0))::int AS scans FROM pg_stat_user_tables WHERE relname = 'products'`;
    return row?.scans ?? 0;
  } finally {
    await sql.end();
  }
}

const scans = async () => ({ primary: await productScans(benchEnv.DATABASE_URL), replica: await productScans(replicaUrl) });

export async function productGetCold(ids: string[]): Promise<Row> {
  const paths = ids.map((id) => `/v1/products/${id}`);
  await clearBenchKeys();
  // Sessions flush their statistics when idle for a while, or when they end: counted around the server's life.
  const before = await scans();
  const row = await withServer([process.execPath, bundle('products-get')], { DATABASE_REPLICA_URLS: replicaUrl }, async (port, pid) => {
    // Ids that are no product (404) warm the process and its pools without caching any seeded product;
    // the first read starts the replica lag check (until it answers, reads go to the primary).
    await warm(port, Array.from({ length: 1_000 }, () => `/v1/products/${randomUUID()}`), 404);
    await sleep(500);
    return measureMax(
      { scenario: 'GET /v1/products/{id} (cold: cache miss, replica read)', server: 'brisk node:http runtime' },
      { port, pid, connections: 64, amount: paths.length, requests: paths.map((path) => ({ path })) },
    );
  });
  // The server has exited: its sessions' statistics are flushed.
  await sleep(200);
  const after = await scans();
  const replicaReads = after.replica - before.replica;
  const primaryReads = after.primary - before.primary;
  row.note =
    `${count(paths.length)} ids once each, 64 connections, after 1,000 warm-up requests for absent ids. ` +
    `products scans (warm-up included): replica +${count(replicaReads)}, primary +${count(primaryReads)}, so at most ${count(primaryReads)} of the ${count(paths.length)} reads went to the primary`;
  return row;
}
