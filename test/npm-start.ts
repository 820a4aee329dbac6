import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort, root } from './servers';

export interface NpmStart {
  /** npm, leading a process group of its own: signal the whole stack with process.kill(-pid, …). */
  process: ChildProcess;
  /** Where each of its servers listens: the gateway, the dispatcher and the two payment sandboxes. */
  ports: { gateway: number; dispatcher: number; provider: number; fallback: number };
  /** Its exit code and signal, once it has exited. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** What it has written to stdout and stderr so far. */
  output: () => string;
}

/**
 * `npm start` in a process group of its own, on free ports, from the bundles `npm test` built, with `env`
 * over this process's environment. It is returned as soon as it runs: wait with `npmStartAnswers`.
 */
export async function spawnNpmStart(env: Record<string, string> = {}): Promise<NpmStart> {
  const [gateway, dispatcher, provider, fallback] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const child = spawn('npm', ['start', '--', '--no-build'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...env,
      PORT: String(gateway),
      DISPATCHER_PORT: String(dispatcher),
      PAYMENT_PROVIDER_URL: `http://127.0.0.1:${provider}`,
      PAYMENT_FALLBACK_URL: `http://127.0.0.1:${fallback}`,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { process: child, ports: { gateway, dispatcher, provider, fallback }, exited, output: () => output };
}

/** Waits until each of the stack's servers answers /healthz; throws with its output if it exits first or is not up in `timeoutMs`. */
export async function npmStartAnswers(stack: NpmStart, timeoutMs: number): Promise<void> {
  const child = stack.process;
  const deadline = Date.now() + timeoutMs;
  for (const port of Object.values(stack.ports)) {
    while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up (exit code ${child.exitCode}):\n${stack.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
