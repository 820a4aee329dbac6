// `npm start`: checks the local services, migrates, seeds an empty catalog, declares the broker
// topology, builds, and runs the whole API: the gateway with every function, the event dispatcher and
// two sandbox payment providers. Ctrl-C (or SIGTERM) stops everything it started; it exits 0 when all
// of it stopped cleanly. `npm start -- --no-build` runs the bundles already in dist/.
// package.json's script execs node: a SIGTERM to the process group would otherwise kill npm's shell at
// once, and npm would report that instead of how this process ended.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import amqp from 'amqplib';
import postgres from 'postgres';
import { createClient } from '@redis/client';
import { config } from '../shared/config';
import { maintenanceUrl } from '../shared/db/migrate';
import { onStopSignal } from '../shared/runtime/lifecycle';
import { prepareDatabase } from './lib/prepare-database';
import { declareBrokerTopology } from './lib/topology';

const serviceHints = {
  PostgreSQL: 'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or docker compose up -d postgres)',
  Redis: 'start it with: redis-server --daemonize yes --save "" --appendonly no (or docker compose up -d redis)',
  RabbitMQ: 'start it with: rabbitmq-server -detached (or docker compose up -d rabbitmq)',
};

async function check(name: keyof typeof serviceHints, where: string, probe: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await probe();
    return undefined;
  } catch (error) {
    return `${name} is not reachable at ${where} (${error instanceof Error ? error.message : String(error)}); ${serviceHints[name]}`;
  }
}

async function checkServices(): Promise<void> {
  const { DATABASE_URL, REDIS_URL, AMQP_URL } = config();
  const adminUrl = maintenanceUrl(DATABASE_URL);
  const problems = await Promise.all([
    check('PostgreSQL', new URL(DATABASE_URL).host, async () => {
      const sql = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
      await sql`SELECT 1`.finally(() => sql.end());
    }),
    check('Redis', REDIS_URL, async () => {
      const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 3000, reconnectStrategy: false } });
      client.on('error', () => {});
      await client.connect();
      await client.close();
    }),
    check('RabbitMQ', new URL(AMQP_URL).host, async () => (await amqp.connect(AMQP_URL, { timeout: 3000 })).close()),
  ]);
  const missing = problems.filter(Boolean);
  if (missing.length > 0) throw new Error(missing.join('\n'));
}

function run(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } });
}

/** A child's exit code, or 128 + the signal's number when a signal ended it, as a shell reports it. */
function waitFor(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? 128 + os.constants.signals[signal!])));
}

async function main(): Promise<void> {
  await checkServices();
  console.log('✔ PostgreSQL, Redis and RabbitMQ reachable');
  await prepareDatabase(config().DATABASE_URL);
  await declareBrokerTopology();
  console.log('✔ exchange, queues and dead-letter queues declared');
  if (!process.argv.includes('--no-build') && (await waitFor(run(['esbuild.config.mjs']))) !== 0) throw new Error('build failed');

  const { PORT, PAYMENT_PROVIDER_URL, PAYMENT_FALLBACK_URL } = config();
  const sandbox = ['--import', 'tsx', 'scripts/payment-sandbox/main.ts'];
  const children = {
    gateway: run(['--enable-source-maps', 'dist/gateway/index.js']),
    dispatcher: run(['--enable-source-maps', 'dist/dispatcher/index.js']),
    'payment sandbox': run(sandbox, { PORT: new URL(PAYMENT_PROVIDER_URL).port }),
    'fallback payment sandbox': run(sandbox, { PORT: new URL(PAYMENT_FALLBACK_URL).port }),
  };
  console.log(`
Brisk is running:
  API               http://localhost:${PORT}/v1/products   (try: curl localhost:${PORT}/v1/categories)
  docs              http://localhost:${PORT}/docs
  OpenAPI           http://localhost:${PORT}/openapi.json
  AsyncAPI          http://localhost:${PORT}/asyncapi.json
  health            http://localhost:${PORT}/healthz  ·  http://localhost:${PORT}/readyz
  events            dispatcher → http://localhost:${PORT}/_events/<consumer>
  metrics           http://localhost:${PORT}/metrics (gateway) · http://127.0.0.1:${process.env.DISPATCHER_PORT ?? 8089}/metrics (dispatcher)
  payment sandbox   ${PAYMENT_PROVIDER_URL} (primary) · ${PAYMENT_FALLBACK_URL} (fallback) · PUT /control to inject faults
  a token           npm run --silent token -- --sub customer-1
Ctrl-C stops it.
`);
  const stopAll = () => Object.values(children).forEach((child) => child.kill('SIGTERM'));
  let stopRequested = false;
  // Ctrl-C or `kill -- -PGID` has signalled the children as well; they ignore this second signal,
  // which stops them when only this process was signalled.
  onStopSignal(() => {
    stopRequested = true;
    stopAll();
  });
  const exits = Object.entries(children).map(async ([name, child]) => {
    const code = await waitFor(child);
    if (code !== 0) console.error(`✘ ${name} exited with ${code}`);
    return code;
  });
  // One process ending (a crash, a port in use) stops the others: a half-running stack misleads.
  const first = await Promise.race(exits);
  if (!stopRequested) stopAll();
  const codes = await Promise.all(exits);
  const failed = codes.find((code) => code !== 0);
  if (stopRequested && failed === undefined) console.log('✔ stopped');
  process.exit(stopRequested ? (failed ?? 0) : first || 1);
}

main().catch((error: unknown) => {
  console.error(`✘ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
