import type http from 'node:http';
import { config } from '../config';
import { markDraining } from '../http/ops';
import { logger } from '../log';
import { runShutdownHooks } from './shutdown';

const shutdownDeadlineMs = 10_000;

/** Listens on PORT; on SIGTERM or SIGINT fails readiness, finishes in-flight requests, closes pools and exits 0. */
export function listen(server: http.Server, port = config().PORT): Promise<http.Server> {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger().info({ signal }, 'draining');
    markDraining();
    setTimeout(() => process.exit(1), shutdownDeadlineMs).unref();
    server.close(async () => {
      await runShutdownHooks();
      logger().info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop).once('SIGINT', stop);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      logger().info({ port }, 'listening');
      resolve(server);
    });
  });
}
