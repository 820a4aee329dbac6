import type http from 'node:http';
import { config } from '../config';
import { markDraining } from '../http/ops';
import { logger } from '../log';
import { drain } from './node-server';
import { runShutdownHooks } from '../process/shutdown';

/**
 * Calls `stop` on the first SIGTERM or SIGINT and ignores any later one: a signal to the process
 * group reaches every process, and a parent (npm, tsx, `npm start`) may forward it again, which with
 * no handler left would kill the process mid-drain.
 */
export function onStopSignal(stop: (signal: NodeJS.Signals) => Promise<void> | void): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void stop(signal);
  };
  process.on('SIGTERM', handle).on('SIGINT', handle);
}

/**
 * With --enable-source-maps (as the image runs), the first stack trace a process formats parses its
 * bundle's source map: 40 ms on this machine, ~230 ms on a slower one, a stall long enough to shed good
 * traffic if it came with the first error logged under load. Formatting one here pays it at start-up,
 * before the process takes requests.
 */
function loadSourceMaps(): void {
  if (process.sourceMapsEnabled) void new Error('loads the source map').stack;
}

/**
 * Listens on PORT. On SIGTERM or SIGINT: readiness fails at once, responses carry Connection: close
 * for SHUTDOWN_GRACE_MS, then the listener closes and in-flight requests finish (at most
 * SHUTDOWN_TIMEOUT_MS in all); then pools and clients close and the process exits 0.
 */
export function listen(server: http.Server, port = config().PORT): Promise<http.Server> {
  loadSourceMaps();
  onStopSignal(async (signal) => {
    const { SHUTDOWN_GRACE_MS, SHUTDOWN_TIMEOUT_MS } = config();
    logger().info({ signal }, 'draining');
    markDraining();
    const clean = await drain(server, SHUTDOWN_GRACE_MS, SHUTDOWN_TIMEOUT_MS);
    await runShutdownHooks();
    logger()[clean ? 'info' : 'warn']({ clean }, clean ? 'stopped' : 'stopped with requests still in flight');
    process.exit(clean ? 0 : 1);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      logger().info({ port }, 'listening');
      resolve(server);
    });
  });
}
