import { v7 } from 'uuid';
import type { TestResponse } from '../app-client';
import { testCategory } from '../orders/flow';
import { declareOrderQueues, deleteOrderQueues, isolateOrderEvents, queueDepths } from '../orders/queues';
import { startTcpProxy, type TcpProxy } from '../tcp-proxy';
import { isolated, timed, until } from './isolated';
import { expectUnavailable } from '../orders/unavailable';
import { insertProduct } from '../products';

/**
 * POST /v1/orders while the network to RabbitMQ fails, through a TCP proxy in front of the machine's
 * broker (never stopped): a 503 problem+json with Retry-After and nothing half-written; after 3 failures
 * the `broker` breaker answers that 503 at once, without trying to connect; 2 s after the broker is
 * back orders are accepted again. The file has exchanges, queues and Redis keys of its own.
 */
const brokerUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
isolateOrderEvents('faults-broker');

let proxy: TcpProxy;
let app: Awaited<ReturnType<typeof load>>;
const customerId = `customer-${v7()}`;
const productId = v7();
const body = JSON.stringify({ items: [{ productId, quantity: 1 }] });
let headers: Record<string, string>;

async function load(amqpUrl: string) {
  (await import('../../shared/config')).setConfig({ AMQP_URL: amqpUrl });
  const { appClient } = await import('../app-client');
  const { default: ordersCreate } = await import('../../functions/orders-create/function');
  const { signToken } = await import('../../shared/auth');
  return {
    call: appClient(ordersCreate),
    signToken,
    db: await import('../../shared/db'),
    cache: await import('../../shared/cache'),
    events: await import('../../shared/events'),
    breakers: await import('../../shared/resilience/breakers'),
  };
}

beforeAll(async () => {
  await declareOrderQueues(brokerUrl);
  proxy = await startTcpProxy(5672);
  app = await isolated(() => load(`amqp://guest:guest@127.0.0.1:${proxy.port}`));
  headers = { authorization: `Bearer ${await app.signToken(customerId)}`, 'content-type': 'application/json' };
  await insertProduct(app.db.primary(), { id: productId, sku: `TEST-FAULTS-${productId}`, name: 'Test Fault Mat', description: 'Inserted by test/faults/broker.test.ts', category: testCategory, price: 999, stock: 5 });
});

afterAll(async () => {
  proxy.resume();
  await app.db.primary()`DELETE FROM orders WHERE customer_id = ${customerId}`;
  await app.db.primary()`DELETE FROM products WHERE id = ${productId}`;
  await deleteOrderQueues(brokerUrl);
  await app.events.closeBroker();
  await app.cache.closeRedis();
  await app.db.closeDb();
  await proxy.close();
});

const place = (extra: Record<string, string> = {}): Promise<TestResponse> =>
  app.call('POST', '/v1/orders', { headers: { ...headers, ...extra }, body, remoteAddress: '198.51.100.72' });
const brokerBreaker = () => app.breakers.breakerStates().broker;
const acceptedOrders = async (): Promise<string[]> => (await app.cache.redis()).keys(`${app.cache.cacheKeys.accepted('order', '')}*`);

describe('POST /v1/orders while the broker is cut off', () => {
  const key = `checkout-${v7()}`;
  let acceptedBefore: string[];
  let opened: number;

  it('accepts an order with 202 while the broker is reachable through the proxy', async () => {
    expect((await place()).status).toBe(202);
    expect(await queueDepths(brokerUrl)).toEqual({ queue: 1, deadLetters: 0 });
    expect(brokerBreaker()).toBe('closed');
    acceptedBefore = await acceptedOrders();
    expect(acceptedBefore).toHaveLength(1);
  });

  it('answers 503 problem+json with Retry-After once it is cut off, and writes nothing, releasing the Idempotency-Key', async () => {
    proxy.cut();
    expectUnavailable(await place({ 'idempotency-key': key }));

    expect(await acceptedOrders()).toEqual(acceptedBefore);
    expect(await (await app.cache.redis()).exists(app.cache.cacheKeys.idempotency(customerId, key))).toBe(0);
    expect(await app.db.primary()`SELECT id FROM orders WHERE customer_id = ${customerId}`).toHaveLength(0);
    expect(await queueDepths(brokerUrl)).toEqual({ queue: 1, deadLetters: 0 });
  });

  it('opens the broker breaker at the third failure, then answers 503 at once without a connection attempt', async () => {
    expectUnavailable(await place());
    expect(brokerBreaker()).toBe('closed');
    expectUnavailable(await place());
    expect(brokerBreaker()).toBe('open');
    opened = Date.now();

    const attempts = proxy.connections;
    const [response, elapsed] = await timed(() => place({ 'idempotency-key': key }));
    expectUnavailable(response);
    expect(elapsed).toBeLessThan(200); // a connection attempt, with its retries, takes far longer
    expect(proxy.connections).toBe(attempts);
    expect(await acceptedOrders()).toEqual(acceptedBefore);
  });

  it('accepts the retry with the same Idempotency-Key 2 s after it opened, once the broker is reachable again', async () => {
    proxy.resume();
    const attempts = proxy.connections;
    expectUnavailable(await place({ 'idempotency-key': key })); // still open: no connection tried yet
    expect(proxy.connections).toBe(attempts);

    const retried = await until(() => place({ 'idempotency-key': key }), (response) => response.status !== 503, 'POST /v1/orders to be accepted', { attempts: 40 });
    expect(Date.now() - opened).toBeGreaterThanOrEqual(1_900); // `opened` was taken just after it opened
    expect(retried.status).toBe(202);
    expect(brokerBreaker()).toBe('closed');
    const { orderId } = retried.json() as { orderId: string };
    expect(retried.json()).toEqual({ orderId, status: 'accepted' });
    expect(await acceptedOrders()).toHaveLength(2);
    expect(await queueDepths(brokerUrl)).toEqual({ queue: 2, deadLetters: 0 });
  });
});
