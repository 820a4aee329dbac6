import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(__dirname, '..');

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  return port;
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs a built function bundle the way each runtime runs it in a container. */
export const runtimes = {
  node: (name: string, port: number) => [process.execPath, [path.join(root, 'dist/functions', name, 'index.js')], { PORT: String(port) }] as const,
  'functions-framework': (name: string, port: number) =>
    [
      process.execPath,
      [
        path.join(root, 'node_modules/@google-cloud/functions-framework/build/src/main.js'),
        `--source=${path.join(root, 'dist/functions', name)}`,
        `--target=${name}`,
        `--port=${port}`,
      ],
      {},
    ] as const,
};
export type Runtime = keyof typeof runtimes;

/** Starts a function bundle in a runtime and waits until it answers /healthz. */
export async function startFunction(runtime: Runtime, name: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const [command, args, runtimeEnv] = runtimes[runtime](name, port);
  const child = spawn(command, [...args], { env: { ...process.env, ...runtimeEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${runtime} ${name} exited ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
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
