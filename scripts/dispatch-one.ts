// One consumer's dispatcher in a process of its own, as RabbitmqSource's dispatcher runs beside the
// consumer in a cluster: delivers DISPATCH_CONSUMER's queue to DISPATCH_URL with the default delivery
// options (DISPATCH_PREFETCH in flight, if set), tracing as `dispatcher` when the OTEL_* environment
// says so, as scripts/dispatcher.ts does for the whole local stack. Run with tsx. Once it consumes,
// it answers /healthz and /metrics on DISPATCHER_PORT if set (the bench's order rows), else prints
// `dispatching` (the tracing test); it stops on SIGTERM after exporting its spans.
import { once } from 'node:events';
import { defaultDeliveryOptions, startDispatcher } from '../shared/events/dispatcher';
import { createApp } from '../shared/http/app';
import { opsFunction } from '../shared/http/ops';
import { setProcessName } from '../shared/process/identity';
import { createNodeServer } from '../shared/runtime/node-server';
import { onStopSignal } from '../shared/runtime/lifecycle';
import { startTracing, stopTracing } from '../shared/tracing';

async function main(): Promise<void> {
  const consumer = process.env.DISPATCH_CONSUMER;
  const url = process.env.DISPATCH_URL;
  if (!consumer || !url) throw new Error('DISPATCH_CONSUMER and DISPATCH_URL are required');
  setProcessName('dispatcher');
  startTracing('dispatcher');
  const prefetch = Number(process.env.DISPATCH_PREFETCH ?? defaultDeliveryOptions.prefetch);
  const dispatcher = await startDispatcher([{ consumer, url }], { ...defaultDeliveryOptions, prefetch });
  const opsPort = process.env.DISPATCHER_PORT;
  const ops = opsPort ? createNodeServer(createApp([opsFunction])).listen(Number(opsPort), '127.0.0.1') : undefined;
  if (ops) await once(ops, 'listening');
  onStopSignal(async () => {
    ops?.close();
    await dispatcher.stop();
    await stopTracing();
    process.exit(0);
  });
  if (!ops) console.log('dispatching');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
