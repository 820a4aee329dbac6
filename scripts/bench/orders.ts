import type { ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import path from 'node:path';
import type { Channel } from 'amqplib';
import postgres from 'postgres';
import { signToken } from '../../shared/auth';
import { finalOrderStatuses } from '../../shared/domain/orders';
import { scrape, type Timing, timingMs } from '../lib/exposition';
import { coreShare, cpuMeter, namedCpuMeter, namedSwitchesMeter, perRequest, switchesMeter } from './cpu';
import { measureAtRate, type Observer, type RateRow } from './open-loop';
import { benchEnv, bundle, connections, count, duration, freePort, root, type Row, sleep, startServer, stopServer, warmupSeconds, withServer } from './setup';
import { withOrderQueue } from './stack';

export const orderRate = Number(process.env.BENCH_ORDER_RATE ?? 1000);
/**
 * Deliveries in flight to the order processor (RabbitmqSource parallelism / prefetch). 10 holds the
 * pipeline to prefetch ÷ time per order (docs/performance.md, "Orders end to end"): the bench measures
 * with 100, as a deployment sized for its order rate would run.
 */
const orderPrefetch = Number(process.env.BENCH_ORDER_PREFETCH ?? 100);
/** What the sandbox providers wait before each answer (ms): a real provider's latency, for sizing the prefetch. */
const paymentLatencyMs = Number(process.env.BENCH_PAYMENT_LATENCY_MS ?? 0);

interface PostLoad {
  scenario: string;
  rate: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** The services an order's work runs in besides Brisk's processes, by /proc command name. */
const services = { PostgreSQL: ['postgres'], RabbitMQ: ['beam.smp'], Redis: ['redis-server'] } as const;

const described = ({ mean, p99 }: Timing) => `mean ${mean ?? '?'} ms, p99 ${p99 ?? '?'}`;

/**
 * Where a 202's time goes, from orders-create's own histograms: from routing to the answer, and of it
 * the publish to its confirm (what the client waits for beyond these is its own and the kernel's
 * scheduling); with `servicesCpu`, the broker's and Redis's CPU per accepted order too, noted and
 * passed to it summed (null where /proc could not say).
 */
const postObserver =
  (port: number, servicesCpu?: (microsPerOrder: number | null) => void): Observer =>
  () => {
    const url = `http://127.0.0.1:${port}`;
    const meters = servicesCpu ? { RabbitMQ: namedCpuMeter(services.RabbitMQ), Redis: namedCpuMeter(services.Redis) } : {};
    const before = scrape(url);
    before.catch(() => undefined); // awaited when the load ends; until then a failed scrape must not crash the bench
    return async (ok) => {
      const perOrder = Object.entries(meters).map(([name, meter]) => [name, perRequest(meter(), ok)] as const);
      servicesCpu?.(perOrder.some(([, micros]) => micros === null) ? null : perOrder.reduce((sum, [, micros]) => sum + micros!, 0));
      const cpu = perOrder.map(([name, micros]) => `${name} ${micros ?? '?'}`);
      const [start, after] = [await before, await scrape(url)];
      const answered = timingMs(start, after, 'brisk_http_request_duration_seconds', { method: 'POST', status: '202' });
      const published = timingMs(start, after, 'brisk_event_publish_duration_seconds', { type: 'brisk.orders.order.placed', outcome: 'confirmed' });
      return (
        `in orders-create (histogram buckets): routing to the 202 ${described(answered)}, of it the publish to its confirm ${described(published)}` +
        (cpu.length > 0 ? `; CPU µs per accepted order beside orders-create's: ${cpu.join(', ')}` : '')
      );
    };
  };

/** POST /v1/orders at a fixed rate against the orders-create bundle: what a client waits for its 202 (publisher confirms on). */
async function postOrders(ids: string[], load: PostLoad, servicesCpu?: (microsPerOrder: number | null) => void): Promise<RateRow> {
  const token = await signToken('bench-customer');
  let next = 0;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return withServer([process.execPath, bundle('orders-create')], {}, (port, pid) =>
    measureAtRate(
      { scenario: load.scenario, server: 'brisk node:http runtime' },
      {
        port,
        pid,
        rate: load.rate,
        durationSeconds: load.durationSeconds,
        warmupSeconds: load.warmupSeconds,
        connections,
        observe: postObserver(port, servicesCpu),
        next: () => ({ method: 'POST', path: '/v1/orders', headers, body: JSON.stringify({ items: [{ productId: ids[next++ % ids.length], quantity: 1 }] }) }),
      },
    ),
  );
}

/** POST /v1/orders at BENCH_ORDER_RATE for the bench's duration, alone: the orders it queues are the end-to-end row's. */
export async function ordersPost(ids: string[]): Promise<Row & { acceptingCpu: number | null }> {
  let servicesCpu: number | null = null;
  const row = await postOrders(ids, { scenario: `POST /v1/orders at ${orderRate}/s (202 after confirm)`, rate: orderRate, durationSeconds: duration, warmupSeconds }, (micros) => (servicesCpu = micros));
  row.note += `; ${count(row.ok)} orders answered 202 in ${duration} s; CPU µs/req is per accepted order`;
  const ownCpu = row.cpuUsPerRequest ?? null;
  return { ...row, acceptingCpu: ownCpu === null || servicesCpu === null ? null : ownCpu + servicesCpu };
}

/** One count (CPU µs, context switches) over a stretch of work, by process. */
interface ByProcess {
  /** The order processor, the dispatcher, both sandboxes, and each service. */
  byProcess: Record<string, number | null>;
  /** Of PostgreSQL's, its streaming to the local replica (walsender, walreceiver, startup): in a cluster, only the walsender runs on the primary's machine. */
  replication: number | null;
}

/** What the order pipeline measured over a stretch of work. */
interface PipelineUse {
  cpu: ByProcess;
  /** Each voluntary switch is a wake-up, which costs CPU of its own on an otherwise idle core. */
  switches: ByProcess;
  /** Wall ms of each step of an order, mean and 99th percentile, from the processes' own histograms. */
  stages: Record<string, Timing>;
}

export interface FinalCount {
  done: number;
  confirmed: number;
}

/** How many of the bench customer's orders are final, and confirmed. */
export const benchOrdersFinal = async (sql: postgres.Sql): Promise<FinalCount> =>
  (await sql<FinalCount[]>`
    SELECT count(*) FILTER (WHERE status = ANY(${finalOrderStatuses}))::int AS done, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed
    FROM orders WHERE customer_id = 'bench-customer'`)[0]!;

interface OrderPipeline {
  /** Starts measuring; the function returned ends it. */
  measure(): () => Promise<PipelineUse>;
  /** How many of the bench customer's orders are final, and confirmed. */
  finalCount(): Promise<FinalCount>;
  /** finalCount() before the dispatcher started. */
  finalAtStart: FinalCount;
  /** Messages waiting in the order processor's queue (not those delivered and unanswered). */
  queueDepth(): Promise<number>;
}

/** Messages waiting in `queue` (not those delivered and unanswered). */
const messagesWaiting = async (channel: Channel, queue: string) => (await channel.checkQueue(queue)).messageCount;

/**
 * Runs `work` with the order pipeline up: both payment sandboxes, the order-processor bundle and the
 * dispatcher (RabbitmqSource semantics, scripts/dispatch-one.ts) delivering the bench queue with `orderPrefetch`.
 */
function withOrderPipeline<T>(work: (pipeline: OrderPipeline) => Promise<T>): Promise<T> {
  // One channel for the pipeline's life: a connection for each depth read would cost the broker more than the read.
  return withOrderQueue((channel, queue) => withOrderPipelineUp(() => messagesWaiting(channel, queue), work));
}

async function withOrderPipelineUp<T>(queueDepth: () => Promise<number>, work: (pipeline: OrderPipeline) => Promise<T>): Promise<T> {
  const sql = postgres(benchEnv.DATABASE_URL, { max: 1 });
  const sandbox = [process.execPath, '--import', 'tsx', path.join(root, 'scripts/payment-sandbox/main.ts')];
  const [providerPort, fallbackPort, processorPort, dispatcherPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  try {
    // (A server that started while another failed to is stopped by the bench's stopAll.)
    children.push(...(await Promise.all([startServer(sandbox, providerPort), startServer(sandbox, fallbackPort)])));
    for (const port of [providerPort, fallbackPort]) {
      const response = await fetch(`http://127.0.0.1:${port}/control`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: paymentLatencyMs }) });
      if (!response.ok) throw new Error(`the payment sandbox on ${port} refused latencyMs ${paymentLatencyMs}: ${response.status} ${await response.text()}`);
    }
    const processor = await startServer([process.execPath, bundle('order-processor')], processorPort, {
      PAYMENT_PROVIDER_URL: `http://127.0.0.1:${providerPort}`,
      PAYMENT_FALLBACK_URL: `http://127.0.0.1:${fallbackPort}`,
    });
    children.push(processor);
    const processorUrl = `http://127.0.0.1:${processorPort}`;
    const finalCount = () => benchOrdersFinal(sql);
    const finalAtStart = await finalCount();
    // A process of its own, as in a cluster (in the bench's, it would share the load generator's event
    // loop and add to the latency it measures), on the generator's core as when it ran in the bench's.
    const dispatcher = await startServer(
      [process.execPath, '--import', 'tsx', path.join(root, 'scripts/dispatch-one.ts')],
      dispatcherPort,
      { DISPATCH_CONSUMER: 'order-processor', DISPATCH_URL: `${processorUrl}/`, DISPATCH_PREFETCH: String(orderPrefetch), DISPATCHER_PORT: String(dispatcherPort) },
      '/healthz',
      1,
    );
    const dispatcherUrl = `http://127.0.0.1:${dispatcherPort}`;
    try {
      return await work({
        measure() {
          // Starts one count over every process of the pipeline; the function returned reads what each added since.
          const countByProcess = (meter: typeof cpuMeter, namedMeter: typeof namedCpuMeter): (() => ByProcess) => {
            const meters: Record<string, () => number | null> = {
              'order-processor': meter(processor.pid),
              dispatcher: meter(dispatcher.pid),
              'payment sandboxes': sumOf(children.slice(0, 2).map((child) => meter(child.pid))),
              ...Object.fromEntries(Object.entries(services).map(([name, commands]) => [name, namedMeter(commands)])),
            };
            const replication = namedMeter(services.PostgreSQL, /^postgres: (?:[^:]*: )?(?:walsender|walreceiver|startup) /);
            return () => ({ byProcess: Object.fromEntries(Object.entries(meters).map(([name, read]) => [name, read()])), replication: replication() });
          };
          const [cpuCount, switchesCount] = [countByProcess(cpuMeter, namedCpuMeter), countByProcess(switchesMeter, namedSwitchesMeter)];
          const scrapes = Promise.all([scrape(processorUrl), scrape(dispatcherUrl)]);
          return async () => {
            const [cpu, switches] = [cpuCount(), switchesCount()];
            const [[processorBefore, dispatcherBefore], processorAfter, dispatcherAfter] = [await scrapes, await scrape(processorUrl), await scrape(dispatcherUrl)];
            const stage = (name: string) => timingMs(processorBefore, processorAfter, 'brisk_order_stage_duration_seconds', { stage: name });
            return {
              cpu,
              switches,
              stages: {
                delivery: timingMs(dispatcherBefore, dispatcherAfter, 'brisk_event_delivery_duration_seconds', { outcome: 'ack' }),
                handling: timingMs(processorBefore, processorAfter, 'brisk_http_request_duration_seconds', { method: 'POST', status: '204' }),
                reserve: stage('reserve'),
                payment: stage('payment'),
                answer: stage('answer'),
                'relay run': timingMs(processorBefore, processorAfter, 'brisk_outbox_relay_duration_seconds'),
              },
            };
          };
        },
        finalCount,
        finalAtStart,
        queueDepth,
      });
    } finally {
      await stopServer(dispatcher);
    }
  } finally {
    await Promise.all(children.map(stopServer));
    await sql.end();
  }
}

/** The sum of several meters' readings; null if any has none. */
const sumOf = (meters: (() => number | null)[]) => () => {
  const readings = meters.map((meter) => meter());
  return readings.includes(null) ? null : (readings as number[]).reduce((sum, reading) => sum + reading, 0);
};

/**
 * A per-process measure over `orders`, to `decimals`: the total per order (null if a process could not
 * say), and each process's, PostgreSQL's streaming to the local replica named.
 */
function perOrder({ byProcess, replication }: ByProcess, orders: number, decimals = 0): { total: number | null; list: string } {
  const rounded = (value: number) => Number(value.toFixed(decimals));
  const values = Object.entries(byProcess).map(([name, value]) => [name, perRequest(value, orders)] as const);
  const total = values.every(([, value]) => value !== null) ? rounded(values.reduce((sum, [, value]) => sum + value!, 0)) : null;
  const streaming = perRequest(replication, orders);
  const ofIt = (name: string) => (name === 'PostgreSQL' && streaming !== null ? ` (streaming to the local replica ${rounded(streaming)} of it)` : '');
  return { total, list: values.map(([name, value]) => `${name} ${value === null ? '?' : rounded(value)}${ofIt(name)}`).join(', ') };
}

/** CPU and context switches per order of every process, the totals first; and each stage's mean and p99; as a row note. */
function describeUse(use: PipelineUse, orders: number): { total: number | null; switches: number | null; note: string } {
  const cpu = perOrder(use.cpu, orders);
  const switches = perOrder(use.switches, orders, 1);
  const stages = Object.entries(use.stages).map(([name, { mean, p99 }]) => `${name} ${mean ?? '?'} (p99 ${p99 ?? '?'})`).join(', ');
  return {
    total: cpu.total,
    switches: switches.total,
    note:
      `CPU µs per order, all processes: ${cpu.total ?? '?'} (${cpu.list}); context switches per order: ${switches.total ?? '?'} (${switches.list}); ` +
      `ms per order, mean (p99, estimated from histogram buckets): ${stages}`,
  };
}

/**
 * Waits until `expected` orders more than `from` are final, or `limitMs` has passed, and answers the
 * last count. Until the queue is empty it reads only the queue's depth (passed to `onDepth`): the
 * count of final orders scans every bench order (7.8 ms of PostgreSQL's CPU at 10,000 of them), and
 * read ten times a second through a drain it added 3-7% to the CPU the row gave an order (0de386c).
 */
async function untilFinal(pipeline: OrderPipeline, from: FinalCount, expected: number, limitMs: number, onDepth?: (depth: number) => Promise<void>): Promise<FinalCount> {
  const started = Date.now();
  let state = from;
  while (state.done - from.done < expected && Date.now() - started < limitMs) {
    await sleep(100);
    const depth = await pipeline.queueDepth();
    await onDepth?.(depth);
    if (depth === 0) state = await pipeline.finalCount();
  }
  return state;
}

/**
 * Where the end-to-end row starts measuring: once no more than the rest of this share of the queued
 * orders waits in the queue (a count then says how many are final). Fresh processes spend their
 * first ~10 s compiling (V8 optimizes the hot functions on threads of its own, counted in their CPU)
 * and cost 2-3x an order then; a processor that has run a while no longer pays that
 * (docs/performance.md, "Warm and cold"). The whole drain is reported too. The orders in flight
 * when the warm part starts (up to the prefetch) count in it with only part of their CPU: under 2%
 * of its orders at the bench's sizes.
 */
const warmAfterShare = 0.5;

/** Orders final and confirmed between two counts, over `seconds`, with what the pipeline used meanwhile. */
function drainFigures(from: FinalCount, to: FinalCount, seconds: number, use: PipelineUse) {
  const [done, confirmed] = [to.done - from.done, to.confirmed - from.confirmed];
  return { done, confirmed, seconds, perSecond: confirmed / seconds, cpu: use.cpu.byProcess, ...describeUse(use, done) };
}

/**
 * End to end: the orders the POST scenario queued, taken by the order processor through the dispatcher
 * and paid at the sandbox provider, until every one is final. req/s here is orders confirmed per second;
 * CPU µs/req is per final order, summed over every process involved (the database, broker and Redis
 * included: other work on the machine at the time counts in theirs). Both are of the warm part, the
 * orders after the first `warmAfterShare`; the note gives the whole drain's, from cold processes.
 */
export async function ordersEndToEnd(): Promise<Row> {
  // Every order accepted is in the queue now (the POST scenario's server has drained and stopped):
  // more exact than the generator's count, which misses answers still on the way when its time is up.
  const expected = await withOrderQueue(messagesWaiting);
  return withOrderPipeline(async (pipeline) => {
    // Counted before the dispatcher started: an order it finished at once still counts.
    const before = pipeline.finalAtStart;
    const started = Date.now();
    const measured = pipeline.measure();
    let warm: { at: FinalCount; startedAt: number; measured: () => Promise<PipelineUse> } | undefined;
    const state = await untilFinal(pipeline, before, expected, 300_000, async (depth) => {
      if (warm || depth > expected * (1 - warmAfterShare)) return;
      const at = await pipeline.finalCount();
      if (at.done - before.done < expected) warm = { at, startedAt: Date.now(), measured: pipeline.measure() };
    });
    const ended = Date.now();
    const whole = drainFigures(before, state, (ended - started) / 1000, await measured());
    const warmPart = warm ? drainFigures(warm.at, state, (ended - warm.startedAt) / 1000, await warm.measured()) : whole;
    return {
      scenario: 'orders end to end (placed → final), req/s = confirmed/s',
      server: 'order-processor + dispatcher',
      rps: warmPart.perSecond,
      p50: null,
      p99: null,
      p999: null,
      errors: Math.max(0, expected - whole.done),
      cpuUsPerRequest: warmPart.total,
      serverCore: coreShare(warmPart.cpu['order-processor'] ?? null, warmPart.seconds),
      note:
        `${count(whole.done)} of ${count(expected)} queued orders final (${count(whole.confirmed)} confirmed) in ${whole.seconds.toFixed(1)} s (prefetch ${orderPrefetch}, payment sandbox latency ${paymentLatencyMs} ms); ` +
        `warm, the last ${count(warmPart.done)} in ${warmPart.seconds.toFixed(1)} s: ${warmPart.note}; ` +
        `whole drain, from cold processes: ${Math.round(whole.perSecond)}/s, ${whole.total ?? '?'} µs an order`,
    };
  });
}

/** The sustained row's load: its rate, and why that rate. */
export interface SustainedLoad {
  rate: number;
  why: string;
}

/** The share of the machine's CPU the sustained row's orders take, at the rate sustainedLoad() sets. */
const sustainedShare = 0.7;

/**
 * The sustained row's rate: BENCH_SUSTAINED_RATE if set; else 70% of what the machine's cores can do
 * for whole orders, by the CPU an order took in this run's POST row (orders-create, RabbitMQ, Redis)
 * and end-to-end row (every process). A rate the machine can process, whatever its speed that day (a
 * fixed 300/s was a third of one VM's capacity and above another's); 300/s where /proc could not say.
 */
export function sustainedLoad(acceptingCpu: number | null, processingCpu: number | null | undefined): SustainedLoad {
  if (process.env.BENCH_SUSTAINED_RATE) return { rate: Number(process.env.BENCH_SUSTAINED_RATE), why: 'rate from BENCH_SUSTAINED_RATE' };
  if (acceptingCpu === null || !processingCpu) return { rate: 300, why: 'rate fixed at 300/s: no CPU figures to size it from' };
  const cores = cpus().length; // the machine's, not this process's: the bench runs pinned to one core
  const capacity = (cores * 1e6) / (acceptingCpu + processingCpu);
  return {
    rate: Math.round(capacity * sustainedShare),
    why:
      `rate ${sustainedShare * 100}% of the machine's capacity by CPU: ${cores} cores ÷ (${Math.round(acceptingCpu)} µs accepting an order, POST row, ` +
      `+ ${Math.round(processingCpu)} processing it, end-to-end row) = ${Math.round(capacity)} orders/s`,
  };
}

const sustainedSeconds = Number(process.env.BENCH_SUSTAINED_SECONDS ?? 60);
const depthEverySeconds = 5;

/** The pipeline at one moment of the sustained row: its final orders and the queue's depth. */
interface PipelinePoint {
  at: number;
  final: FinalCount;
  depth: number;
}

async function pipelinePoint(pipeline: OrderPipeline): Promise<PipelinePoint> {
  const at = Date.now();
  const [final, depth] = await Promise.all([pipeline.finalCount(), pipeline.queueDepth()]);
  return { at, final, depth };
}

/**
 * The sustained row's second half, once the processes that started with it have compiled their hot
 * code: orders made final a second against the POSTs' rate, the queue's depth then and at the last
 * POST, and the CPU and context switches an order took in every process but orders-create. Final
 * orders keeping pace with the POSTs is what a bounded queue means; a processor that falls behind
 * shows it here.
 */
function steadyState(from: PipelinePoint, to: PipelinePoint, use: PipelineUse, rate: number): string {
  const { done, seconds, total, switches } = drainFigures(from.final, to.final, (to.at - from.at) / 1000, use);
  return (
    `second half (${seconds.toFixed(1)} s): ${Math.round(done / seconds)} orders final a second against ${rate} POSTed, ` +
    `queue depth ${from.depth} → ${to.depth} (${signed((to.depth - from.depth) / seconds)}/s), CPU µs per order but orders-create's ${total ?? '?'}, context switches ${switches ?? '?'}`
  );
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${Math.round(value)}`;

/**
 * POST /v1/orders at a sustained rate while the order processor works beside it, for a minute after the
 * POST row's warm-up: the queue's depth every 5 s (from the warm-up's start) says whether the pipeline
 * keeps up (bounded) or falls behind (growing). The warm-up's POSTs are not in the 202's figures, as in
 * the POST row (fresh processes, all started at once, shed the first second's: docs/performance.md);
 * its errors are named in the note and its orders drained and counted with the rest.
 */
export async function ordersSustained(ids: string[], { rate, why }: SustainedLoad): Promise<Row> {
  return withOrderPipeline(async (pipeline) => {
    const depths: number[] = [];
    const before = pipeline.finalAtStart;
    const measured = pipeline.measure();
    const sampling = setInterval(() => void pipeline.queueDepth().then((depth) => depths.push(depth)), depthEverySeconds * 1000);
    let secondHalf: { from: Promise<PipelinePoint>; measured: () => Promise<PipelineUse> } | undefined;
    const halfway = setTimeout(() => (secondHalf = { from: pipelinePoint(pipeline), measured: pipeline.measure() }), (warmupSeconds + sustainedSeconds / 2) * 1000);
    let posted: RateRow;
    let lastPost: PipelinePoint;
    try {
      posted = await postOrders(ids, { rate, durationSeconds: sustainedSeconds, warmupSeconds, scenario: `POST /v1/orders at ${rate}/s for ${sustainedSeconds} s, processed beside it` });
      lastPost = await pipelinePoint(pipeline);
    } finally {
      clearInterval(sampling);
      clearTimeout(halfway);
    }
    const steady = secondHalf ? steadyState(await secondHalf.from, lastPost, await secondHalf.measured(), rate) : 'second half not reached';
    const drainStarted = Date.now();
    const accepted = posted.ok + posted.warmupOk;
    const state = await untilFinal(pipeline, before, accepted, 120_000);
    const drainSeconds = (Date.now() - drainStarted) / 1000;
    const done = state.done - before.done;
    const { note } = describeUse(await measured(), done);
    return {
      ...posted,
      server: 'orders-create + order-processor + dispatcher',
      note:
        `${why}; queue depth every ${depthEverySeconds} s: ${depths.join(', ')}; ${steady}; ${count(done)} of ${count(accepted)} accepted orders final ${drainSeconds.toFixed(1)} s after the last POST; ` +
        `p50/p99 are the 202's; server CPU is orders-create's per accepted order; ${posted.note}; ${note}`,
    };
  });
}
