// A dispatcher process of a test's own: delivers one consumer's queue (DISPATCH_CONSUMER) to one URL
// (DISPATCH_URL) with the order tests' delivery settings, tracing as `dispatcher` when the OTEL_*
// environment says so, as scripts/dispatcher.ts does for the whole local stack. Run with tsx; prints
// `dispatching` once it consumes, and stops on SIGTERM after exporting its spans.
import { startDispatcher } from '../shared/events/dispatcher';
import { setProcessName } from '../shared/process/identity';
import { onStopSignal } from '../shared/runtime/lifecycle';
import { startTracing, stopTracing } from '../shared/tracing';

async function main(): Promise<void> {
  const consumer = process.env.DISPATCH_CONSUMER;
  const url = process.env.DISPATCH_URL;
  if (!consumer || !url) throw new Error('DISPATCH_CONSUMER and DISPATCH_URL are required');
  setProcessName('dispatcher');
  startTracing('dispatcher');
  const dispatcher = await startDispatcher([{ consumer, url }], { prefetch: 10, retry: 10, backoffDelayMs: 100, timeoutMs: 10_000 });
  onStopSignal(async () => {
    await dispatcher.stop();
    await stopTracing();
    process.exit(0);
  });
  console.log('dispatching');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
