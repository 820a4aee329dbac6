import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from '../lib/free-port';

export const root = path.resolve(__dirname, '../..');

/**
 * The benchmark's own database, key prefix and exchange/queue namespace: it places thousands of orders
 * and must neither disturb nor be disturbed by the dev stack.
 */
export const benchEnv = {
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/brisk_bench',
  REDIS_KEY_PREFIX: 'brisk-bench:v1:',
  EVENTS_NAMESPACE: 'brisk-bench',
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  // One load generator is one client: limits are raised for the benchmark, never switched off.
  RATE_LIMIT_PUBLIC_RPS: '10000000',
  RATE_LIMIT_CUSTOMER_RPS: '10000000',
  RATE_LIMIT_ADMIN_RPS: '10000000',
};
Object.assign(process.env, benchEnv);

/** Servers on core 0, the load generator (this process) on core 1, where taskset exists. */
export const pinned = (() => {
  try {
    execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export { freePort };

/** Starts a server process (pinned to core 0) and waits until `readyPath` answers. */
export async function startServer(command: string[], port: number, env: Record<string, string> = {}, readyPath = '/healthz'): Promise<ChildProcess> {
  const [file, ...args] = pinned ? ['taskset', '-c', '0', ...command] : command;
  const child = spawn(file!, args, { env: { ...process.env, PORT: String(port), ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let attempt = 0; attempt < 400; attempt++) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}${readyPath}`).then(() => true, () => false)) return child;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${command.join(' ')} did not start`);
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

export const bundle = (name: string) => path.join(root, 'dist/functions', name, 'index.js');

export interface Row {
  scenario: string;
  server: string;
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  errors: number;
  note?: string;
}

export function printTable(rows: Row[], baselineRps?: number): void {
  console.log('| scenario | server | req/s | p50 ms | p99 ms | p99.9 ms | errors | vs baseline | note |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) {
    const ratio = baselineRps && row.scenario.startsWith('GET') ? (row.rps / baselineRps).toFixed(2) : '';
    console.log(`| ${row.scenario} | ${row.server} | ${Math.round(row.rps)} | ${row.p50} | ${row.p99} | ${row.p999} | ${row.errors} | ${ratio} | ${row.note ?? ''} |`);
  }
}
