import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from '../scripts/lib/free-port';

export const root = path.resolve(__dirname, '..');

export { freePort };

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs a built function bundle the way each runtime runs it in a container. */
export const runtimes = {
  node: (name: string, port: number) => [process.execPath, [path.join(root, 'dist/functions', name, 'index.js')], { PORT: String(port) }] as const,
  'functions-framework': (name: string, port: number, signature: Signature) =>
    [
      process.execPath,
      [
        path.join(root, 'node_modules/@google-cloud/functions-framework/build/src/main.js'),
        `--source=${path.join(root, 'dist/functions', name)}`,
        `--target=${name}`,
        `--signature-type=${signature}`,
        `--port=${port}`,
      ],
      {},
    ] as const,
};
/** functions-framework's signature for the function: `http`, or `cloudevent` for consumers. */
export type Signature = 'http' | 'cloudevent';
export type Runtime = keyof typeof runtimes;

/** Starts a function bundle in a runtime (on env.PORT if given) and waits until it answers HTTP. */
export async function startFunction(runtime: Runtime, name: string, env: Record<string, string> = {}, signature: Signature = 'http'): Promise<RunningServer> {
  const port = Number(env.PORT ?? (await freePort()));
  const [command, args, runtimeEnv] = runtimes[runtime](name, port, signature);
  const child = spawn(command, [...args], { env: { ...process.env, ...runtimeEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${runtime} ${name} exited ${child.exitCode}:\n${output}`);
    // Any answer will do: under functions-framework's cloudevent signature /healthz is no route of ours.
    const ready = await fetch(`${url}/healthz`).then(() => true, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`${runtime} ${name} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
