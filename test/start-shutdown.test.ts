// This file's own exchange and queues (deleted afterwards), so the dispatcher `npm start` runs takes no
// other file's messages. Set before config() is read.
process.env.EVENTS_NAMESPACE = `${process.env.EVENTS_NAMESPACE!}.start-test`;

import { deleteBrokerTopology } from '../scripts/lib/topology';
import { npmStartAnswers, spawnNpmStart } from './npm-start';

/** `npm start`, logging each process's "stopped", once all of it answers. */
async function startStack() {
  const stack = await spawnNpmStart({ LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '200' });
  await npmStartAnswers(stack, 30_000);
  return { group: stack.process.pid!, exit: stack.exited, output: stack.output, sandboxPorts: [stack.ports.provider, stack.ports.fallback] };
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
