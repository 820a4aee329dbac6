import path from 'node:path';
import autocannon from 'autocannon';
import { bundle, freePort, root, type Row, startServer, stopServer } from './setup';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);

const servers = [
  { name: 'brisk node:http runtime', command: () => [process.execPath, bundle('products-get')] },
  {
    name: 'brisk functions-framework',
    command: (port: number) => [
      process.execPath,
      path.join(root, 'node_modules/@google-cloud/functions-framework/build/src/main.js'),
      `--source=${path.dirname(bundle('products-get'))}`,
      '--target=products-get',
      `--port=${port}`,
    ],
  },
  // Last: it reads the cache Brisk's runs filled.
  { name: 'baseline: bare node:http + Redis GET', command: () => [process.execPath, '--import', 'tsx', path.join(root, 'scripts/bench/baseline.ts')] },
];

/** Cache-warm GET /v1/products/{id} over the hot ids: each server warmed once over every id, then loaded. */
export async function productGet(ids: string[]): Promise<Row[]> {
  const paths = ids.map((id) => `/v1/products/${id}`);
  const rows: Row[] = [];
  for (const server of servers) {
    const port = await freePort();
    const child = await startServer(server.command(port), port, {}, paths[0]);
    await Promise.all(paths.map((url) => fetch(`http://127.0.0.1:${port}${url}`).then((response) => response.arrayBuffer())));
    let next = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration,
      requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
    });
    await stopServer(child);
    rows.push({
      scenario: 'GET /v1/products/{id} (cache warm)',
      server: server.name,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      p999: result.latency.p99_9,
      errors: result.errors + result.non2xx,
      note: `${connections} connections, ${duration} s`,
    });
  }
  return rows;
}
