// `npm run bench`: cache-warm GET /v1/products/{id} over 1,000 hot ids, served by the products-get
// bundle in each runtime and by a bare node:http baseline doing the same Redis lookup, in one run.
// Servers run pinned to core 0 and the load generator to core 1 (where taskset exists).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { config } from '../shared/config';
import { freePort } from '../test/servers';
import { prepareDatabase } from './lib/prepare-database';

const root = path.resolve(__dirname, '..');
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const hotIds = 1_000;

const canPin = (() => {
  try {
    execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

interface Target {
  name: string;
  command: (port: number) => string[];
}

const bundle = path.join(root, 'dist/functions/products-get');
const targets: Target[] = [
  { name: 'baseline (bare node:http + Redis GET)', command: () => [process.execPath, '--import', 'tsx', path.join(root, 'scripts/bench/baseline.ts')] },
  { name: 'brisk node:http runtime', command: () => [process.execPath, path.join(bundle, 'index.js')] },
  {
    name: 'brisk functions-framework',
    command: (port) => [process.execPath, path.join(root, 'node_modules/@google-cloud/functions-framework/build/src/main.js'), `--source=${bundle}`, '--target=products-get', `--port=${port}`],
  },
];

async function startServer(target: Target, port: number): Promise<ChildProcess> {
  const [command, ...args] = target.command(port);
  const pinned = canPin ? ['taskset', ['-c', '0', command!, ...args]] as const : [command!, args] as const;
  const child = spawn(pinned[0], [...pinned[1]], { env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production' }, stdio: 'inherit' });
  for (let attempt = 0; attempt < 200; attempt++) {
    const up = await fetch(`http://127.0.0.1:${port}/v1/products/00000000-0000-7000-8000-000000000000`).then(() => true, () => false);
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${target.name} did not start`);
}

async function load(port: number, paths: string[]) {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
  });
}

async function main(): Promise<void> {
  await prepareDatabase(config().DATABASE_URL);
  execFileSync(process.execPath, [path.join(root, 'esbuild.config.mjs')], { stdio: 'ignore' });
  const sql = postgres(config().DATABASE_URL, { max: 1 });
  const ids = await sql<{ id: string }[]>`SELECT id FROM products ORDER BY id LIMIT ${hotIds}`;
  await sql.end();
  const paths = ids.map(({ id }) => `/v1/products/${id}`);

  console.log(`GET /v1/products/{id}, cache warm, ${paths.length} hot ids, ${connections} connections, ${duration}s each; ${canPin ? 'servers on core 0, load on core 1' : 'unpinned'}\n`);
  const rows: { name: string; rps: number; p50: number; p99: number; p999: number; errors: number }[] = [];
  // Brisk's runtimes fill the cache the baseline reads, so they run first and the baseline last.
  for (const target of [...targets.slice(1), targets[0]!]) {
    const port = await freePort();
    const server = await startServer(target, port);
    await Promise.all(paths.map((url) => fetch(`http://127.0.0.1:${port}${url}`).then((response) => response.arrayBuffer())));
    const result = await load(port, paths);
    rows.push({
      name: target.name,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      p999: result.latency.p99_9,
      errors: result.errors + result.non2xx,
    });
    server.kill('SIGTERM');
    await once(server, 'exit');
  }

  const baseline = rows.at(-1)!.rps;
  console.log('| server | req/s | p50 ms | p99 ms | p99.9 ms | errors | vs baseline |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.name} | ${Math.round(row.rps)} | ${row.p50} | ${row.p99} | ${row.p999} | ${row.errors} | ${(row.rps / baseline).toFixed(2)} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
