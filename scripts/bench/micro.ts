// `npm run bench:micro`: the hot paths through the app both runtimes share, in process (no sockets, no
// load generator), in seconds: a quick before/after for a hot-path change. Not a test and not the
// benchmark of record (`npm run bench` measures servers under wrk); its figures move with the machine.
import { Bench } from 'tinybench';
process.env.LOG_LEVEL ??= 'warn';
process.env.RATE_LIMIT_PUBLIC_RPS ??= '100000000';

import { httpFunctions } from '../../functions';
import { closeRedis } from '../../shared/cache';
import { config } from '../../shared/config';
import { closeDb, primary } from '../../shared/db';
import { createApp, type IncomingRequest } from '../../shared/http/app';
import { opsFunction } from '../../shared/http/ops';
import { prepareDatabase } from '../lib/prepare-database';

/** What a browser-ish client sends with each request. */
const headers = { host: 'localhost:8080', 'user-agent': 'wrk', accept: '*/*', connection: 'keep-alive' };

async function main(): Promise<void> {
  await prepareDatabase(config().DATABASE_URL, () => {});
  const [product] = await primary()<{ id: string }[]>`SELECT id FROM products ORDER BY id LIMIT 1`;
  const app = createApp([...httpFunctions, opsFunction]);
  const get = (url: string, extra: Record<string, string> = {}): IncomingRequest => ({ method: 'GET', url, headers: { ...headers, ...extra }, body: undefined, remoteAddress: '127.0.0.1' });

  const productUrl = `/v1/products/${product!.id}`;
  const warm = await app.handle(get(productUrl));
  const requests: Record<string, IncomingRequest> = {
    'GET /v1/products/{id} (cache warm)': get(productUrl),
    'GET /v1/products/{id} → 304 (If-None-Match)': get(productUrl, { 'if-none-match': warm.headers.etag! }),
    'GET /v1/products?category=kitchen&limit=20 (cache warm)': get('/v1/products?category=kitchen&limit=20'),
    'GET /healthz': get('/healthz'),
    'GET /nowhere → 404': get('/nowhere'),
  };
  for (const request of Object.values(requests)) await app.handle(request); // fills every cache tier

  const timeMs = Number(process.env.MICRO_TIME_MS ?? 2_000);
  const bench = new Bench({ time: timeMs, warmupTime: 500 });
  for (const [name, request] of Object.entries(requests)) bench.add(name, () => app.handle(request).then(() => undefined));
  await bench.run();
  console.log(`app.handle in process, ${process.version}, ${timeMs} ms each (METRICS_ENABLED=${String(config().METRICS_ENABLED)})`);
  console.table(
    bench.tasks.map((task) => {
      const latency = task.result && 'latency' in task.result ? task.result.latency : undefined;
      return {
        request: task.name,
        'ops/s': Math.round(task.result && 'throughput' in task.result ? task.result.throughput.mean : 0),
        'mean µs': latency ? Number((latency.mean * 1000).toFixed(2)) : undefined,
        'p99 µs': latency ? Number((latency.p99 * 1000).toFixed(2)) : undefined,
      };
    }),
  );
  await closeDb();
  await closeRedis();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
