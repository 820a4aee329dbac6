// Runs the payment sandbox on PORT (default 8090). `npm start` runs two: primary :8090, fallback :8091.
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import * as z from 'zod';
import { startTracing, stopTracing } from '../../shared/tracing';
import { createPaymentSandbox } from './server';

const shutdownGraceMs = 5_000;
const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { fn: 'payment-sandbox' } });

async function main(): Promise<void> {
  const port = z.coerce.number().int().min(0).max(65_535).default(8090).parse(process.env.PORT || undefined);
  startTracing('payment-sandbox', (level, message) => log[level]({ component: 'tracing' }, message));
  const server = createPaymentSandbox({ logger: log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  log.info({ port: bound }, 'payment sandbox listening');

  let stopping = false;
  // A repeated signal (the process group's, then `npm start` forwarding it) must not kill it midway.
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'payment sandbox stopping');
    server.close(() => {
      log.info({ port: bound }, 'stopped');
      void stopTracing().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    // Requests held by latencyMs may take up to a minute; cut them off after a grace period.
    setTimeout(() => server.closeAllConnections(), shutdownGraceMs).unref();
  };
  process.on('SIGTERM', stop).on('SIGINT', stop);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'payment sandbox failed to start');
  process.exit(1);
});
