import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { signToken } from '../../shared/auth';
import { startDispatcher } from '../../shared/events/dispatcher';
import { bundle, freePort, root, type Row, startServer, stopServer } from './setup';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const orderRate = Number(process.env.BENCH_ORDER_RATE ?? 1000);
const terminal = ['confirmed', 'rejected', 'payment_failed', 'cancelled'];

/** POST /v1/orders at a fixed rate against the orders-create bundle: what a client waits for its 202 (publisher confirms on). */
export async function ordersPost(ids: string[]): Promise<{ row: Row; accepted: number }> {
  const port = await freePort();
  const child = await startServer([process.execPath, bundle('orders-create')], port);
  const token = await signToken('bench-customer');
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/v1/orders`,
    method: 'POST',
    connections: 64,
    overallRate: orderRate,
    duration,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ items: [{ productId: ids[next++ % ids.length], quantity: 1 }] }) }) }],
  });
  await stopServer(child);
  return {
    accepted: result['2xx'],
    row: {
      scenario: `POST /v1/orders at ${orderRate}/s (202 after confirm)`,
      server: 'brisk node:http runtime',
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      p999: result.latency.p99_9,
      errors: result.errors + result.non2xx,
      note: `${result['2xx']} orders accepted into the queue`,
    },
  };
}

/**
 * End to end: the orders the POST scenario queued, taken by the order-processor bundle through the
 * dispatcher (RabbitmqSource semantics) and paid at the sandbox provider, until every one is final.
 */
export async function ordersEndToEnd(expected: number): Promise<Row[]> {
  const sql = postgres(process.env.DATABASE_URL!, { max: 1 });
  const sandbox = [process.execPath, '--import', 'tsx', path.join(root, 'scripts/payment-sandbox/main.ts')];
  const [providerPort, fallbackPort, processorPort] = [await freePort(), await freePort(), await freePort()];
  const providers = await Promise.all([startServer(sandbox, providerPort), startServer(sandbox, fallbackPort)]);
  const processor = await startServer([process.execPath, bundle('order-processor')], processorPort, {
    PAYMENT_PROVIDER_URL: `http://127.0.0.1:${providerPort}`,
    PAYMENT_FALLBACK_URL: `http://127.0.0.1:${fallbackPort}`,
  });
  const finalCount = async () =>
    (await sql<{ done: number; confirmed: number }[]>`
      SELECT count(*) FILTER (WHERE status = ANY(${terminal}))::int AS done, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed
      FROM orders WHERE customer_id = 'bench-customer'`)[0]!;
  const before = (await finalCount()).done;
  const started = Date.now();
  const dispatcher = await startDispatcher([{ consumer: 'order-processor', url: `http://127.0.0.1:${processorPort}/` }]);
  let state = await finalCount();
  while (state.done - before < expected && Date.now() - started < 300_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    state = await finalCount();
  }
  const seconds = (Date.now() - started) / 1000;
  await dispatcher.stop();
  await Promise.all([processor, ...providers].map(stopServer));
  await sql.end();
  const done = state.done - before;
  return [
    {
      scenario: 'orders end to end (placed → final)',
      server: 'order-processor + dispatcher',
      rps: done / seconds,
      p50: 0,
      p99: 0,
      p999: 0,
      errors: Math.max(0, expected - done),
      note: `${done} of ${expected} orders final in ${seconds.toFixed(1)} s (prefetch 10)`,
    },
  ];
}
