// The container images, without a Docker engine: each image's payload run the way its container runs it —
// the folder alone in an otherwise empty directory, `node index.js`, settings from the environment only.
// (The Dockerfile's stages and the build context: dockerfile.unit.test.ts.)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { queueConsumers } from '../../functions';
import { deployedFunctions } from '../../scripts/gen-knative';
import { withChannel } from '../../scripts/lib/amqp';
import { freePort } from '../../scripts/lib/free-port';
import { dropDatabase } from '../../shared/db/migrate';
import { filesUnder, root } from './support';

/** Production refuses the development JWT secret, so every production-mode start here brings its own. */
const productionSecret = 'brisk-images-test-secret-of-at-least-32-characters';

interface Running {
  child: ChildProcess;
  output: () => string;
}

function start(dir: string, env: Record<string, string>): Running {
  // Only what the container would have: the folder as its working directory, the given environment.
  const child = spawn(process.execPath, ['index.js'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitFor(url: string, running: Running): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (running.child.exitCode !== null) throw new Error(`exited ${running.child.exitCode}:\n${running.output()}`);
    if (await fetch(url).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no answer from ${url}:\n${running.output()}`);
}

describe('each function image’s payload (dist/functions/<name>/ alone, as in /app)', () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'brisk-images-'));
  beforeAll(() => {
    if (!existsSync(path.join(root, 'dist/functions'))) execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: root, stdio: 'ignore' });
  }, 60_000);
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it.each(deployedFunctions().map((fn) => fn.name))('%s serves /healthz and /readyz on PORT and drains on SIGTERM', async (name) => {
    const app = path.join(workspace, name);
    cpSync(path.join(root, 'dist/functions', name), app, { recursive: true });
    const port = await freePort();
    const running = start(app, { PORT: String(port), NODE_ENV: 'production', JWT_SECRET: productionSecret, LOG_LEVEL: 'silent', SHUTDOWN_GRACE_MS: '0' });
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`, running);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      if (name === 'api-docs') {
        // swagger-ui/ travels in the folder: the image needs nothing from node_modules.
        expect((await fetch(`http://127.0.0.1:${port}/docs/swagger-ui.css`)).status).toBe(200);
        expect((await fetch(`http://127.0.0.1:${port}/openapi.json`)).status).toBe(200);
      }
    } finally {
      running.child.kill('SIGTERM');
      const [code] = await once(running.child, 'exit');
      expect(code).toBe(0);
    }
  });

  it('refuses to start in production with the development JWT secret and no JWKS_URL, naming JWT_SECRET', async () => {
    const app = path.join(workspace, 'products-get-refused');
    cpSync(path.join(root, 'dist/functions/products-get'), app, { recursive: true });
    const running = start(app, { PORT: String(await freePort()), NODE_ENV: 'production', LOG_LEVEL: 'silent' });
    const [code] = await once(running.child, 'exit');
    expect(code).not.toBe(0);
    expect(running.output()).toContain('JWT_SECRET: is the development default');
  });
});

describe('the setup image’s payload (dist/setup/ alone: the bundle and migrations/)', () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'brisk-setup-'));
  const base = new URL(process.env.DATABASE_URL!);
  const database = `brisk_setup_${Date.now().toString(36)}_${process.pid}`;
  const databaseUrl = Object.assign(new URL(base.toString()), { pathname: `/${database}` }).toString();
  const eventsNamespace = `${process.env.EVENTS_NAMESPACE}-setup`;
  const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const retryDelaysMs = [1000, 5000];
  const queuesDeclared = () =>
    queueConsumers.flatMap(({ name }) => [`${eventsNamespace}.${name}`, `${eventsNamespace}.${name}.dlq`, ...retryDelaysMs.map((delay) => `${eventsNamespace}.${name}.retry.${delay}ms`)]);

  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/knative/build-setup.mjs', '--outdir', path.join(workspace, 'dist')], { cwd: root, stdio: 'ignore' });
    cpSync(path.join(workspace, 'dist/setup'), path.join(workspace, 'app'), { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await dropDatabase(databaseUrl);
    await withChannel(async (channel) => {
      for (const queue of queuesDeclared()) await channel.deleteQueue(queue);
      await channel.deleteExchange(`${eventsNamespace}.events`);
      await channel.deleteExchange(`${eventsNamespace}.events.dlx`);
    }, amqpUrl);
    rmSync(workspace, { recursive: true, force: true });
  });

  const run = async () => {
    const running = start(path.join(workspace, 'app'), {
      DATABASE_URL: databaseUrl,
      AMQP_URL: amqpUrl,
      EVENTS_NAMESPACE: eventsNamespace,
      EVENT_RETRY_DELAYS_MS: retryDelaysMs.join(','),
      NODE_ENV: 'production',
      JWT_SECRET: productionSecret,
      LOG_LEVEL: 'silent',
      SETUP_ATTEMPTS: '1',
    });
    const [code] = await once(running.child, 'exit');
    return { code, output: running.output() };
  };

  it('migrates the database and declares every queue with its DLQ and retry queues, and a second run changes nothing', async () => {
    const migrations = filesUnder(path.join(root, 'shared/db/migrations')).filter((file) => file.endsWith('.sql'));
    const first = await run();
    expect(first.code).toBe(0);
    expect(first.output.match(/^migrated: (.*)$/m)?.[1]?.split(', ')).toHaveLength(migrations.length);
    expect(first.output).toContain(`topology: ${eventsNamespace}.events`);

    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const tables = await sql<{ table_name: string }[]>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`;
    await sql.end();
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['categories', 'products', 'orders', 'order_items', 'operations', 'inbox', 'outbox']));

    await withChannel(async (channel) => {
      for (const queue of queuesDeclared()) await channel.checkQueue(queue);
      await channel.checkExchange(`${eventsNamespace}.events.dlx`);
    }, amqpUrl);

    const second = await run();
    expect(second).toEqual({ code: 0, output: expect.stringContaining('migrations: up to date') });
  }, 60_000);
});
