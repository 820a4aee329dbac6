// This file's own exchange and queues (deleted afterwards), so the dispatcher `npm start` runs takes no
// other file's messages. Set before config() is read.
process.env.EVENTS_NAMESPACE = `${process.env.EVENTS_NAMESPACE!}.start-test`;

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { deleteBrokerTopology } from '../scripts/lib/topology';
import { freePort, root } from './servers';

/** `npm start` in a process group of its own, on free ports, from the bundles `npm test` built. */
async function startStack() {
  const [port, dispatcherPort, providerPort, fallbackPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const child = spawn('npm', ['start', '--', '--no-build'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      PORT: String(port),
      DISPATCHER_PORT: String(dispatcherPort),
      PAYMENT_PROVIDER_URL: `http://127.0.0.1:${providerPort}`,
      PAYMENT_FALLBACK_URL: `http://127.0.0.1:${fallbackPort}`,
      SHUTDOWN_GRACE_MS: '200',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const deadline = Date.now() + 30_000;
  for (const ready of [port, dispatcherPort, providerPort, fallbackPort]) {
    while (!(await fetch(`http://127.0.0.1:${ready}/healthz`).then((response) => response.ok, () => false))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { group: child.pid!, exit, output: () => output, sandboxPorts: [providerPort, fallbackPort] };
}

/** Which processes logged "stopped": their name, and the port for the two payment sandboxes. */
function stoppedProcesses(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { fn: string; msg: string; port?: number })
    .filter(({ msg }) => msg === 'stopped')
    .map(({ fn, port }) => (port ? `${fn}:${port}` : fn))
    .sort();
}

const groupAlive = (group: number) => {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  afterAll(() => deleteBrokerTopology());

  it.each(['SIGTERM', 'SIGINT'] as const)('stops every process cleanly on %s to its process group, and exits 0', async (signal) => {
    const stack = await startStack();
    try {
      process.kill(-stack.group, signal);
      const [code, killedBy] = await stack.exit;

      expect({ code, killedBy }).toEqual({ code: 0, killedBy: null });
      const [provider, fallback] = stack.sandboxPorts;
      expect(stoppedProcesses(stack.output())).toEqual(['dispatcher', 'gateway', `payment-sandbox:${provider}`, `payment-sandbox:${fallback}`].sort());
      expect(stack.output()).toContain('✔ stopped');
      // tsx's esbuild service processes exit when their parent does, a moment after it: wait for that, bounded.
      for (let attempt = 0; attempt < 60 && groupAlive(stack.group); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(groupAlive(stack.group)).toBe(false);
    } finally {
      if (groupAlive(stack.group)) process.kill(-stack.group, 'SIGKILL');
    }
  }, 60_000);
});
