// `npm start`: checks the local services, migrates, seeds an empty catalog, builds, and serves every
// HTTP function through the local gateway. Ctrl-C stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { createClient } from 'redis';
import { config } from '../shared/config';
import { prepareDatabase } from './lib/prepare-database';

const serviceHints = {
  PostgreSQL: "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or docker compose up -d postgres)",
  Redis: 'start it with: redis-server --daemonize yes --save "" --appendonly no (or docker compose up -d redis)',
};

async function check(name: keyof typeof serviceHints, url: string, probe: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await probe();
    return undefined;
  } catch (error) {
    return `${name} is not reachable at ${url} (${error instanceof Error ? error.message : String(error)}); ${serviceHints[name]}`;
  }
}

async function checkServices(): Promise<void> {
  const { DATABASE_URL, REDIS_URL } = config();
  const adminUrl = new URL(DATABASE_URL);
  adminUrl.pathname = '/postgres';
  const problems = await Promise.all([
    check('PostgreSQL', adminUrl.host, async () => {
      const sql = postgres(adminUrl.toString(), { max: 1, connect_timeout: 3, onnotice: () => {} });
      try {
        await sql`SELECT 1`;
      } finally {
        await sql.end();
      }
    }),
    check('Redis', REDIS_URL, async () => {
      const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 3000, reconnectStrategy: false } });
      client.on('error', () => {});
      await client.connect();
      await client.ping();
      await client.close();
    }),
  ]);
  const missing = problems.filter(Boolean);
  if (missing.length > 0) throw new Error(missing.join('\n'));
}

function run(command: string, args: string[]): ChildProcess {
  return spawn(command, args, { stdio: 'inherit', env: process.env });
}

function waitFor(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

async function main(): Promise<void> {
  await checkServices();
  console.log('✔ PostgreSQL and Redis reachable');
  await prepareDatabase(config().DATABASE_URL);
  if ((await waitFor(run(process.execPath, ['esbuild.config.mjs']))) !== 0) throw new Error('build failed');

  const { PORT } = config();
  const gateway = run(process.execPath, ['--enable-source-maps', 'dist/gateway/index.js']);
  const children = [gateway];
  console.log(`
Brisk is running:
  API        http://localhost:${PORT}/v1/products   (try: curl localhost:${PORT}/v1/categories)
  docs       http://localhost:${PORT}/docs
  OpenAPI    http://localhost:${PORT}/openapi.json
  health     http://localhost:${PORT}/healthz  ·  http://localhost:${PORT}/readyz
Ctrl-C stops it.
`);
  const stop = () => children.forEach((child) => child.kill('SIGTERM'));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  const codes = await Promise.all(children.map(waitFor));
  process.exit(Math.max(...codes));
}

main().catch((error: unknown) => {
  console.error(`✘ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
