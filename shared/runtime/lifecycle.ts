import type http from 'node:http';
import { config } from '../config';
import { markDraining } from '../http/ops';
import { logger } from '../log';
import { drain } from './node-server';
import { runShutdownHooks } from './shutdown';

/**
 * Listens on PORT. On SIGTERM or SIGINT: readiness fails at once, responses carry Connection: close
 * for SHUTDOWN_GRACE_MS, then the listener closes and in-flight requests finish (at most
 * SHUTDOWN_TIMEOUT_MS in all); then pools and clients close and the process exits 0.
 */
export function listen(server: http.Server, port = config().PORT): Promise<http.Server> {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const { SHUTDOWN_GRACE_MS, SHUTDOWN_TIMEOUT_MS } = config();
    logger().info({ signal }, 'draining');
    markDraining();
    const clean = await drain(server, SHUTDOWN_GRACE_MS, SHUTDOWN_TIMEOUT_MS);
    await runShutdownHooks();
    logger()[clean ? 'info' : 'warn']({ clean }, clean ? 'stopped' : 'stopped with requests still in flight');
    process.exit(clean ? 0 : 1);
  };
  process.once('SIGTERM', (signal) => void stop(signal)).once('SIGINT', (signal) => void stop(signal));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      logger().info({ port }, 'listening');
      resolve(server);
    });
  });
}
