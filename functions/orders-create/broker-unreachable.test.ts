import { v7 } from 'uuid';
import { signToken } from '../../shared/auth';
import { cacheKeys, closeRedis, redis } from '../../shared/cache';
import { setConfig } from '../../shared/config';
import { closeDb, primary } from '../../shared/db';
import { closeBroker } from '../../shared/events';
import { appClient } from '../../test/app-client';
import { testCategory } from '../../test/orders/flow';
import { declareOrderQueues, deleteOrderQueues, isolateOrderEvents, queueDepths } from '../../test/orders/queues';
import ordersGet from '../orders-get/function';
import ordersCreate from './function';
import { expectUnavailable } from '../../test/orders/unavailable';
import { insertProduct } from '../../test/products';

/**
 * POST /v1/orders while RabbitMQ cannot be reached: a fast 503 with Retry-After, and nothing
 * half-written, so the client's retry with the same Idempotency-Key is accepted afresh once the
 * broker is back.
 */
const brokerUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
isolateOrderEvents('broker-unreachable');
setConfig({ AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' });

const customerId = `customer-${v7()}`;
const productId = v7();
const body = JSON.stringify({ items: [{ productId, quantity: 2 }] });
const key = `checkout-${v7()}`;
let headers: Record<string, string>;
let call: ReturnType<typeof appClient>;

beforeAll(async () => {
  await declareOrderQueues(brokerUrl);
  await insertProduct(primary(), { id: productId, sku: `TEST-ORDERS-${productId}`, name: 'Test Order Mat', description: 'Inserted by broker-unreachable.test.ts', category: testCategory, price: 999, stock: 5 });
  headers = { authorization: `Bearer ${await signToken(customerId)}`, 'content-type': 'application/json' };
  call = appClient(ordersCreate, ordersGet);
});

afterAll(async () => {
  await primary()`DELETE FROM orders WHERE customer_id = ${customerId}`;
  await primary()`DELETE FROM products WHERE id = ${productId}`;
  await deleteOrderQueues(brokerUrl); // with the one order accepted once the broker is back
  await closeDb();
  await closeRedis();
  await closeBroker();
});

async function acceptedOrderKeys(): Promise<string[]> {
  return (await redis()).keys(`${cacheKeys.accepted('order', '')}*`);
}

describe('POST /v1/orders while the broker is unreachable', () => {
  it('answers 503 problem+json with Retry-After and writes nothing, releasing the Idempotency-Key', async () => {
    expectUnavailable(await call('POST', '/v1/orders', { headers: { ...headers, 'idempotency-key': key }, body }));

    expect(await acceptedOrderKeys()).toEqual([]);
    expect(await (await redis()).exists(cacheKeys.idempotency(customerId, key))).toBe(0);
    expect(await primary()`SELECT id FROM orders WHERE customer_id = ${customerId}`).toHaveLength(0);
    expect(await queueDepths(brokerUrl)).toEqual({ queue: 0, deadLetters: 0 });
  });

  it('answers 503 to an order without an Idempotency-Key too, recording nothing', async () => {
    expectUnavailable(await call('POST', '/v1/orders', { headers, body }));
    expect(await acceptedOrderKeys()).toEqual([]);
  });

  it('accepts the retry with the same Idempotency-Key afresh once the broker is back', async () => {
    // The broker comes back: a fresh module registry, its own config() with the reachable AMQP_URL.
    await jest.isolateModulesAsync(async () => {
      (await import('../../shared/config')).setConfig({ AMQP_URL: brokerUrl });
      const { default: create } = await import('./function');
      const { default: get } = await import('../orders-get/function');
      const { appClient: client } = await import('../../test/app-client');
      const { readAccepted } = await import('../../shared/domain/accepted');
      const db = await import('../../shared/db');
      const cache = await import('../../shared/cache');
      const events = await import('../../shared/events');
      try {
        const callAgain = client(create, get);
        const retried = await callAgain('POST', '/v1/orders', { headers: { ...headers, 'idempotency-key': key }, body });
        expect(retried.status).toBe(202);
        const { orderId } = retried.json() as { orderId: string };
        expect(retried.json()).toEqual({ orderId, status: 'accepted' });
        expect(await readAccepted('order', orderId)).not.toBeNull();
        expect((await callAgain('GET', `/v1/orders/${orderId}`, { headers })).json()).toMatchObject({ id: orderId, status: 'accepted' });
        // Exactly one order.placed was published, by the retry.
        expect(await queueDepths(brokerUrl)).toEqual({ queue: 1, deadLetters: 0 });
      } finally {
        await events.closeBroker();
        await cache.closeRedis();
        await db.closeDb();
      }
    });
  });
});
