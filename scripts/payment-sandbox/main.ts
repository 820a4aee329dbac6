// Runs the payment sandbox on PORT (default 8090). `npm start` runs two: primary :8090, fallback :8091.
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import * as z from 'zod';
import { createPaymentSandbox } from './server';

const shutdownGraceMs = 5_000;
const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { fn: 'payment-sandbox' } });

async function main(): Promise<void> {
  const port = z.coerce.number().int().min(0).max(65_535).default(8090).parse(process.env.PORT || undefined);
  const server = createPaymentSandbox({ logger: log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  log.info({ port: (server.address() as AddressInfo).port }, 'payment sandbox listening');

  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'payment sandbox stopping');
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Requests held by latencyMs may take up to a minute; cut them off after a grace period.
    setTimeout(() => server.closeAllConnections(), shutdownGraceMs).unref();
  };
  process.once('SIGTERM', stop).once('SIGINT', stop);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'payment sandbox failed to start');
  process.exit(1);
});
