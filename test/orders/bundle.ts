import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, root } from '../servers';

/**
 * A built function bundle (`npm run build`) run as its container runs it, `PORT=<n> node index.js`, on
 * a port that stays the same across restarts, so a killed consumer comes back where the dispatcher
 * delivers.
 */
export interface Bundle {
  /** Where the dispatcher delivers: the consumer's root path. */
  url: string;
  /** Sends the signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts the bundle again on the same port and waits until it answers /healthz. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

export async function startBundle(name: string, env: Record<string, string> = {}): Promise<Bundle> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  async function start(): Promise<void> {
    const started = spawn(process.execPath, [path.join(root, 'dist/functions', name, 'index.js')], {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (started.exitCode !== null) throw new Error(`${name} exited ${started.exitCode}:\n${output}`);
      if (await fetch(`${base}/healthz`).then((response) => response.ok, () => false)) return;
      await sleep(50);
    }
    throw new Error(`${name} did not answer /healthz:\n${output}`);
  }

  async function kill(signal: NodeJS.Signals): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  }

  await start();
  return { url: `${base}/`, kill, restart: start, stop: () => kill('SIGTERM'), output: () => output };
}
