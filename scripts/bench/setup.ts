import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from '../lib/free-port';

export const root = path.resolve(__dirname, '../..');
export const duration = Number(process.env.BENCH_DURATION ?? 10);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
/** Fixed-rate scenarios first run this long at their rate, unmeasured. */
export const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 2);
/** The streaming replica scripts/db-replica.sh runs: it replicates the whole cluster, brisk_bench included. */
export const replicaUrl = process.env.BENCH_REPLICA_URL ?? 'postgres://postgres@127.0.0.1:5433/brisk_bench';

/**
 * The benchmark's own database, key prefix and exchange/queue namespace: it places thousands of orders
 * and must neither disturb nor be disturbed by the dev stack.
 */
export const benchEnv = {
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/brisk_bench',
  REDIS_KEY_PREFIX: 'brisk-bench:v1:',
  EVENTS_NAMESPACE: 'brisk-bench',
  NODE_ENV: 'production',
  // Production refuses the development secret; the bench mints its tokens with this one.
  JWT_SECRET: `brisk-bench-${randomBytes(16).toString('hex')}`,
  LOG_LEVEL: 'warn',
  // One load generator is one client: limits are raised for the benchmark, never switched off.
  RATE_LIMIT_PUBLIC_RPS: '10000000',
  RATE_LIMIT_CUSTOMER_RPS: '10000000',
  RATE_LIMIT_ADMIN_RPS: '10000000',
  // No load balancer to drain away from: a stopped server exits at once instead of after a second.
  SHUTDOWN_GRACE_MS: '0',
};
Object.assign(process.env, benchEnv);

/** Servers on core 0, the load generators (wrk, and this process: the open loop) on core 1, where taskset exists. */
export const pinned = (() => {
  try {
    execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export { freePort };
export const count = (value: number) => Math.round(value).toLocaleString('en-US');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The bench's copy of dist/functions (scripts/bench/bundles.ts): builds elsewhere in the tree may delete dist/ meanwhile. */
export const bundles = path.join(root, 'node_modules/.cache/brisk-bench/functions');
export const bundle = (name: string) => path.join(bundles, name, 'index.js');

/** Every server process the bench has started and not yet seen exit. */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** Node flags for every server the bench starts, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles` to profile them under the bench's load. */
const serverNodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** Spawns a server process with the bench environment (and `env`), pinned to `core` (0: the servers'; 1: the generator's). */
export function spawnServer(command: string[], env: Record<string, string>, core: 0 | 1 = 0): ChildProcess {
  const [executable, ...rest] = command;
  const withFlags = executable === process.execPath ? [executable, ...serverNodeFlags, ...rest] : command;
  const [file, ...args] = pinned ? ['taskset', '-c', String(core), ...withFlags] : withFlags;
  const child = spawn(file!, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Starts a server (pinned to `core`, 0 unless told) and waits until `readyPath` answers; stops it again if it never does. */
export async function startServer(command: string[], port: number, env: Record<string, string> = {}, readyPath = '/healthz', core: 0 | 1 = 0): Promise<ChildProcess> {
  const child = spawnServer(command, { PORT: String(port), ...env }, core);
  for (let attempt = 0; attempt < 400; attempt++) {
    if (exited(child)) throw new Error(`${command.join(' ')} exited ${child.exitCode ?? child.signalCode}`);
    if (await fetch(`http://127.0.0.1:${port}${readyPath}`).then((response) => response.arrayBuffer().then(() => true), () => false)) return child;
    await sleep(25);
  }
  await stopServer(child);
  throw new Error(`${command.join(' ')} did not start`);
}

/** SIGTERM (graceful shutdown), SIGKILL if it has not exited 10 s later. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const gone = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}

export const stopAll = () => Promise.all([...running].map(stopServer));

/** Runs `work` against a server started for it on a free port (`pid`: its process, for its CPU time), and stops the server whatever happens. */
export async function withServer<T>(
  command: string[] | ((port: number) => string[]),
  env: Record<string, string>,
  work: (port: number, pid: number | undefined) => Promise<T>,
  readyPath?: string,
): Promise<T> {
  const port = await freePort();
  const child = await startServer(typeof command === 'function' ? command(port) : command, port, env, readyPath);
  try {
    return await work(port, child.pid);
  } finally {
    await stopServer(child);
  }
}

/**
 * Requests each path, 32 at a time, until each has answered `expected` (fills the caches a warm scenario
 * measures, and the process's JIT and pools): a fresh process may shed its first burst with 503.
 */
export async function warm(port: number, paths: string[], expected = 200): Promise<void> {
  let pending = paths;
  const refused = new Map<number, number>();
  for (let round = 0; round < 20 && pending.length > 0; round++) {
    if (round > 0) await sleep(500);
    const failed: string[] = [];
    for (let from = 0; from < pending.length; from += 32) {
      const batch = pending.slice(from, from + 32);
      const statuses = await Promise.all(batch.map((url) => fetch(`http://127.0.0.1:${port}${url}`).then((response) => response.arrayBuffer().then(() => response.status))));
      statuses.forEach((status, index) => {
        if (status === expected) return;
        failed.push(batch[index]!);
        refused.set(status, (refused.get(status) ?? 0) + 1);
      });
    }
    pending = failed;
  }
  const answers = [...refused].map(([status, times]) => `${times}× ${status}`).join(', ');
  if (pending.length > 0) throw new Error(`warming: ${pending.length} of ${paths.length} paths never answered ${expected} (${answers})`);
  if (answers) process.stderr.write(`(warming retried: ${answers}) `);
}

/** One line of the results. Latencies in ms; null where the scenario has none (end to end). */
export interface Row {
  scenario: string;
  server: string;
  /** 2xx answers per second (a refusal, such as a shed 503, is no work done). */
  rps: number;
  p50: number | null;
  p99: number | null;
  p999: number | null;
  /** Connection errors and timeouts plus non-2xx answers. */
  errors: number;
  /** Answers received, and how many of them were 2xx. */
  requests?: number;
  ok?: number;
  /** The load generator: wrk at the server's maximum (closed loop), the fixed-rate open loop, or none (end to end). */
  generator?: 'wrk' | 'open loop';
  /** The server's CPU time (user + system, all its threads) over the run per 2xx answer, µs; null without /proc. */
  cpuUsPerRequest?: number | null;
  /**
   * The server's CPU time over the run's wall time: near 1 at a maximum; well under 1 there, the server
   * waited (on its dependencies, or for its core while other processes used it).
   */
  serverCore?: number | null;
  /** The load generator's CPU time over the run, as a share of its one core. */
  generatorCore?: number;
  /** generatorCore ≥ 0.9: the generator may have been the limit, so the row's figures are no result. */
  saturated?: boolean;
  /** req/s, and CPU µs per request, over the bare node:http baseline's at its maximum, for maximum GET rows. */
  vsBaseline?: number;
  cpuVsBaseline?: number;
  note?: string;
}

/** Runs a bench's `main`, then stops every server it started, also on SIGINT or SIGTERM; exits 1 if it failed. */
export function runBench(main: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  main()
    .then(
      () => 0,
      (error: unknown) => {
        console.error(error);
        return 1;
      },
    )
    .then(async (code) => {
      await stopAll();
      process.exit(code);
    });
}
