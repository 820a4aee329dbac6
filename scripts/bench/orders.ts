import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { signToken } from '../../shared/auth';
import { finalOrderStatuses } from '../../shared/domain/orders';
import { defaultDeliveryOptions, startDispatcher } from '../../shared/events/dispatcher';
import { coreShare, cpuMeter, perRequest } from './cpu';
import { measureAtRate } from './open-loop';
import { benchEnv, bundle, connections, count, duration, freePort, root, type Row, sleep, startServer, stopServer, warmupSeconds, withServer } from './setup';
import { withOrderQueue } from './stack';

const orderRate = Number(process.env.BENCH_ORDER_RATE ?? 1000);
/**
 * Deliveries in flight to the order processor (RabbitmqSource parallelism / prefetch). 10 holds the
 * pipeline to prefetch ÷ time per order (docs/performance.md, "Orders end to end"): the bench measures
 * with 100, as a deployment sized for its order rate would run.
 */
const orderPrefetch = Number(process.env.BENCH_ORDER_PREFETCH ?? 100);

/** POST /v1/orders at a fixed rate against the orders-create bundle: what a client waits for its 202 (publisher confirms on). */
export async function ordersPost(ids: string[]): Promise<Row> {
  const token = await signToken('bench-customer');
  let next = 0;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const row = await withServer([process.execPath, bundle('orders-create')], {}, (port, pid) =>
    measureAtRate(
      { scenario: `POST /v1/orders at ${orderRate}/s (202 after confirm)`, server: 'brisk node:http runtime', note: `${connections} connections, after ${warmupSeconds} s warm-up` },
      {
        port,
        pid,
        rate: orderRate,
        durationSeconds: duration,
        warmupSeconds,
        connections,
        next: () => ({ method: 'POST', path: '/v1/orders', headers, body: JSON.stringify({ items: [{ productId: ids[next++ % ids.length], quantity: 1 }] }) }),
      },
    ),
  );
  row.note += `; ${count(row.ok)} orders answered 202 in ${duration} s; CPU µs/req is per accepted order`;
  return row;
}

/**
 * End to end: the orders the POST scenario queued, taken by the order-processor bundle through the
 * dispatcher (RabbitmqSource semantics, in this process) and paid at the sandbox provider, until every
 * one is final. req/s here is orders confirmed per second.
 */
export async function ordersEndToEnd(): Promise<Row> {
  // Every order accepted is in the queue now (the POST scenario's server has drained and stopped):
  // more exact than the generator's count, which misses answers still on the way when its time is up.
  const expected = (await withOrderQueue((channel, queue) => channel.checkQueue(queue))).messageCount;
  const sql = postgres(benchEnv.DATABASE_URL, { max: 1 });
  const sandbox = [process.execPath, '--import', 'tsx', path.join(root, 'scripts/payment-sandbox/main.ts')];
  const [providerPort, fallbackPort, processorPort] = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const finalCount = async () =>
    (await sql<{ done: number; confirmed: number }[]>`
      SELECT count(*) FILTER (WHERE status = ANY(${finalOrderStatuses}))::int AS done, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed
      FROM orders WHERE customer_id = 'bench-customer'`)[0]!;
  try {
    // (A server that started while another failed to is stopped by the bench's stopAll.)
    children.push(...(await Promise.all([startServer(sandbox, providerPort), startServer(sandbox, fallbackPort)])));
    children.push(
      await startServer([process.execPath, bundle('order-processor')], processorPort, {
        PAYMENT_PROVIDER_URL: `http://127.0.0.1:${providerPort}`,
        PAYMENT_FALLBACK_URL: `http://127.0.0.1:${fallbackPort}`,
      }),
    );
    const before = await finalCount();
    const started = Date.now();
    const processorCpu = cpuMeter(children[2]!.pid);
    const ownCpu = process.cpuUsage();
    const dispatcher = await startDispatcher([{ consumer: 'order-processor', url: `http://127.0.0.1:${processorPort}/` }], { ...defaultDeliveryOptions, prefetch: orderPrefetch });
    let state = before;
    try {
      while (state.done - before.done < expected && Date.now() - started < 300_000) {
        await sleep(100);
        state = await finalCount();
      }
    } finally {
      await dispatcher.stop();
    }
    const seconds = (Date.now() - started) / 1000;
    const processorUs = processorCpu();
    const [done, confirmed] = [state.done - before.done, state.confirmed - before.confirmed];
    // The dispatcher runs in this process (which also polled the database meanwhile): its CPU, an upper bound.
    const own = process.cpuUsage(ownCpu);
    const dispatcherCpu = perRequest(own.user + own.system, done);
    return {
      scenario: 'orders end to end (placed → final), req/s = confirmed/s',
      server: 'order-processor + dispatcher',
      rps: confirmed / seconds,
      p50: null,
      p99: null,
      p999: null,
      errors: Math.max(0, expected - done),
      cpuUsPerRequest: perRequest(processorUs, done),
      serverCore: coreShare(processorUs, seconds),
      note:
        `${count(done)} of ${count(expected)} queued orders final (${count(confirmed)} confirmed) in ${seconds.toFixed(1)} s (prefetch ${orderPrefetch}); ` +
        `CPU µs/req is the order-processor's per final order (the dispatcher and bench process: ≤ ${dispatcherCpu ?? '?'} µs more, the payment sandbox not counted)`,
    };
  } finally {
    await Promise.all(children.map(stopServer));
    await sql.end();
  }
}
