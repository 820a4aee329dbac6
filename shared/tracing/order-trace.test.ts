import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { v7 } from 'uuid';
import { signToken } from '../auth';
import { arrayLiteral, primary } from '../db';
import { testCategory } from '../../test/orders/flow';
import { declareOrderQueues, deleteOrderQueues, isolateOrderEvents } from '../../test/orders/queues';
import { eventually } from '../../test/orders/wait';
import { type OtlpReceiver, type ReceivedSpan, spanKind, startOtlpReceiver } from '../../test/otlp-receiver';
import { freePort, type RunningServer, root, startFunction } from '../../test/servers';
import { insertProduct } from '../../test/products';

/**
 * One order, one trace: POST /v1/orders to the orders-create bundle, through RabbitMQ, a dispatcher
 * process (RabbitmqSource's local stand-in) and the order-processor bundle, to the payment sandbox and
 * back out as the confirmed fact; every process exports to an OTLP receiver in this one. PostgreSQL,
 * Redis and RabbitMQ are real; the receiver is the fake for the tracing backend.
 */
isolateOrderEvents('tracing');
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

let receiver: OtlpReceiver;
interface Script {
  child: ChildProcess;
  output: () => string;
}
let sandbox: Script & { url: string };
let dispatcher: Script | undefined;
let create: RunningServer;
let processor: RunningServer;
const productId = v7();
const customerId = `customer-${v7()}`;

/** Runs a TypeScript script as `npm start` runs the sandbox (node --import tsx), until `ready` says it is up. */
async function runScript(script: string, env: Record<string, string>, ready: (output: string) => boolean | Promise<boolean>): Promise<Script> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`${script} exited ${child.exitCode}:\n${output}`);
    return ready(output);
  }, `${script} to start`, { attempts: 300 });
  return { child, output: () => output };
}

async function stopScript(script: Script | undefined): Promise<void> {
  if (!script || script.child.exitCode !== null) return;
  script.child.kill('SIGTERM');
  await once(script.child, 'exit');
}

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  Object.assign(process.env, {
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    // Spans leave each process within a tenth of a second instead of the default five.
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  await declareOrderQueues(amqpUrl);
  await insertProduct(primary(), { id: productId, sku: `TEST-TRACE-${productId}`, name: 'Traced Mat', description: 'Inserted by the tracing test', category: testCategory, price: 2999, stock: 5 });
  // The payment sandbox as `npm start` runs it, tracing as `payment-sandbox`.
  const sandboxUrl = `http://127.0.0.1:${await freePort()}`;
  sandbox = {
    url: sandboxUrl,
    ...(await runScript('scripts/payment-sandbox/main.ts', { PORT: new URL(sandboxUrl).port, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', LOG_LEVEL: 'silent' }, () =>
      fetch(`${sandboxUrl}/healthz`).then((response) => response.ok, () => false),
    )),
  };
  // The primary provider is a port nothing listens on: the order is paid at the fallback, after the
  // primary's retries, and the processor logs (with the trace's ids) that it fell back.
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  [processor, create] = await Promise.all([
    startFunction('node', 'order-processor', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', PAYMENT_PROVIDER_URL: nowhere, PAYMENT_FALLBACK_URL: sandbox.url, LOG_LEVEL: 'warn' }),
    startFunction('node', 'orders-create', { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
  ]);
  dispatcher = await runScript('scripts/dispatch-one.ts', { DISPATCH_CONSUMER: 'order-processor', DISPATCH_URL: `${processor.url}/` }, (output) => output.includes('dispatching'));
}, 60_000);

afterAll(async () => {
  await stopScript(dispatcher);
  await Promise.all([create?.stop(), processor?.stop(), stopScript(sandbox)]);
  const sql = primary();
  await sql`DELETE FROM orders WHERE customer_id = ${customerId}`;
  await sql`DELETE FROM inbox WHERE event_id = ANY(${arrayLiteral(placed)}::text[])`;
  await sql`DELETE FROM outbox WHERE subject = ANY(${arrayLiteral(placed)}::text[])`;
  await sql`DELETE FROM products WHERE id = ${productId}`;
  await deleteOrderQueues(amqpUrl);
  await receiver?.close();
}, 30_000);

/** Orders this file placed (their ids are their events' ids and the facts' subjects). */
const placed: string[] = [];

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('tracing an order', () => {
  it('keeps the SDK out of every function bundle: a file of its own beside each, read only when tracing is on', () => {
    const functions = readdirSync(path.join(root, 'dist/functions'));
    expect(functions.length).toBeGreaterThan(10);
    for (const name of functions) {
      const files = readdirSync(path.join(root, 'dist/functions', name));
      expect([name, files]).toEqual([name, expect.arrayContaining(['index.js', 'tracing-sdk.js'])]);
      expect([name, readFileSync(path.join(root, 'dist/functions', name, 'index.js'), 'utf8').includes('BatchSpanProcessor')]).toEqual([name, false]);
    }
  });

  it('is one trace from the client’s POST /v1/orders to the payment provider and the confirmed fact, across four services', async () => {
    // The caller's own trace: Brisk's spans join it.
    const clientTraceId = hex(16);
    const clientSpanId = hex(8);
    const response = await fetch(`${create.url}/v1/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await signToken(customerId)}`,
        'content-type': 'application/json',
        'idempotency-key': v7(),
        traceparent: `00-${clientTraceId}-${clientSpanId}-01`,
      },
      body: JSON.stringify({ items: [{ productId, quantity: 2 }] }),
    });
    expect(response.status).toBe(202);
    const { orderId } = (await response.json()) as { orderId: string };
    placed.push(orderId);

    await eventually(async () => {
      const [order] = await primary()<{ status: string }[]>`SELECT status FROM orders WHERE id = ${orderId}`;
      return order?.status === 'confirmed';
    }, `order ${orderId} to be confirmed`, { attempts: 300 });

    const traced = () => receiver.spans().filter((span) => span.traceId === clientTraceId);
    const named = (service: string, name: string, kind: number): ReceivedSpan[] => traced().filter((span) => span.service === service && span.name === name && span.kind === kind);
    await eventually(async () => {
      return (
        named('order-processor', 'publish brisk.orders.order.confirmed', spanKind.producer).length === 1 &&
        named('payment-sandbox', 'POST /v1/authorizations', spanKind.server).length === 1 &&
        named('dispatcher', 'deliver brisk.orders.order.placed', spanKind.consumer).length === 1 &&
        named('orders-create', 'POST /v1/orders', spanKind.server).length === 1
      );
    }, 'the trace’s spans to reach the receiver', { attempts: 200 });

    const spans = traced();
    const only = (service: string, name: string, kind: number): ReceivedSpan => {
      const found = named(service, name, kind);
      if (found.length !== 1) throw new Error(`expected one ${service} span "${name}", got ${found.length}: ${spans.map((span) => `${span.service}:${span.name}`).join(', ')}`);
      return found[0]!;
    };
    const childrenOf = (parent: ReceivedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId);

    // One trace across four services, exported as OTLP/JSON and OTLP/protobuf.
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['orders-create', 'dispatcher', 'order-processor', 'payment-sandbox']));
    expect(receiver.encodings()).toEqual(new Set(['json', 'protobuf']));
    expect(new Set(spans.map((span) => span.spanId)).size).toBe(spans.length);

    // orders-create: the server span, child of the caller's span, with the Redis calls and the publish under it.
    const server = only('orders-create', 'POST /v1/orders', spanKind.server);
    expect(server.parentSpanId).toBe(clientSpanId);
    expect(server.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/v1/orders', 'http.response.status_code': 202 });
    const publishPlaced = only('orders-create', 'publish brisk.orders.order.placed', spanKind.producer);
    expect(publishPlaced.parentSpanId).toBe(server.spanId);
    expect(publishPlaced.attributes).toMatchObject({ 'messaging.system': 'rabbitmq', 'cloudevents.event_id': orderId, 'messaging.rabbitmq.destination.routing_key': 'brisk.orders.order.placed' });
    expect(only('orders-create', 'SET idempotency', spanKind.client)).toMatchObject({ parentSpanId: server.spanId, attributes: expect.objectContaining({ 'db.system.name': 'redis' }) });
    expect(only('orders-create', 'MULTI accepted order', spanKind.client).parentSpanId).toBe(server.spanId);

    // Across the broker as the event's ce-traceparent: the dispatcher's delivery (AMQP headers) and the
    // consumer's processing (HTTP binary mode) are both children of the publish.
    expect(only('dispatcher', 'deliver brisk.orders.order.placed', spanKind.consumer).parentSpanId).toBe(publishPlaced.spanId);
    const processing = only('order-processor', 'process brisk.orders.order.placed', spanKind.consumer);
    expect(processing.parentSpanId).toBe(publishPlaced.spanId);
    expect(processing.attributes).toMatchObject({ 'cloudevents.event_id': orderId, 'messaging.consumer.group.name': 'order-processor', 'brisk.delivery.status': 204 });

    // The order processor's stages, each a child of the processing.
    const reserve = only('order-processor', 'reserve', spanKind.client);
    const authorize = only('order-processor', 'authorize payment', spanKind.internal);
    const record = only('order-processor', 'record payment', spanKind.client);
    for (const stage of [reserve, authorize, record]) expect([stage.name, stage.parentSpanId]).toEqual([stage.name, processing.spanId]);
    expect(reserve.attributes).toMatchObject({ 'db.system.name': 'postgresql', 'db.query.summary': 'reserve' });
    expect(only('order-processor', 'DEL product', spanKind.client).parentSpanId).toBe(processing.spanId);

    // The payment: the primary refused three times (errors), then the fallback answered; its server span is the provider's side.
    const calls = childrenOf(authorize).filter((span) => span.kind === spanKind.client && span.name === 'POST');
    const refused = calls.filter((call) => call.statusCode === 2);
    expect(refused).toHaveLength(3);
    for (const call of refused) expect(call.attributes['url.full']).not.toBe(`${sandbox.url}/v1/authorizations`);
    const [paid, ...more] = calls.filter((call) => call.statusCode !== 2);
    expect(more).toEqual([]);
    expect(paid!.attributes).toMatchObject({ 'http.request.method': 'POST', 'url.full': `${sandbox.url}/v1/authorizations`, 'http.response.status_code': 201 });
    expect(only('payment-sandbox', 'POST /v1/authorizations', spanKind.server).parentSpanId).toBe(paid!.spanId);

    // The fact: recorded in the outbox with the trace it belongs to, and published by the relay (which
    // deletes the row then) as a child of the span that recorded it.
    const publishConfirmed = only('order-processor', 'publish brisk.orders.order.confirmed', spanKind.producer);
    expect(publishConfirmed.parentSpanId).toBe(record.spanId);
    expect(publishConfirmed.traceId).toBe(clientTraceId);

    // Log lines written inside a span carry its ids.
    const fellBack = processor
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; trace_id?: string; span_id?: string })
      .find((line) => line.msg.startsWith('primary payment provider unavailable'));
    expect(fellBack).toMatchObject({ trace_id: clientTraceId, span_id: authorize.spanId });
  }, 60_000);

  it('lets each traced function drain and exit 0 on SIGTERM, its log lines outside spans intact', async () => {
    for (const [name, server] of [['orders-create', create], ['order-processor', processor]] as const) {
      server.process.kill('SIGTERM');
      const [code] = await once(server.process, 'exit');
      expect([name, code, server.output()]).toEqual([name, 0, expect.not.stringContaining('TypeError')]);
    }
  });
});
