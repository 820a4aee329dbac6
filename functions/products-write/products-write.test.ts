import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { v7 } from 'uuid';
import { signToken } from '../../shared/auth';
import { cacheKeys, closeRedis, redis } from '../../shared/cache';
import { config, setConfig } from '../../shared/config';
import { arrayLiteral, closeDb, primary } from '../../shared/db';
import { closeBroker, declareTopology, deleteTopology, eventNames, fromAmqpMessage, type Subscription } from '../../shared/events';
import { appClient } from '../../test/app-client';
import catalogProjector from '../catalog-projector/function';
import operationsGet from '../operations-get/function';
import productsGet from '../products-get/function';
import productsWrite from './function';

// This file's Redis keys and its exchange and queues get names of their own under the run's, so
// deleting them afterwards never disturbs another file.
setConfig({
  REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}products-write-test:`,
  EVENTS_NAMESPACE: `${config().EVENTS_NAMESPACE}.products-write-test`,
});

const projector: Subscription = {
  consumer: 'catalog-projector',
  types: ['brisk.catalog.product.upsert_requested', 'brisk.catalog.product.delete_requested'],
};
const call = appClient(productsWrite, operationsGet, productsGet);
const adminSub = 'admin-products-write-test';
const productIds: string[] = [];
const operationIds: string[] = [];

let connection: ChannelModel;
let channel: Channel;
let adminHeaders: Record<string, string>;

const newProduct = () => ({ sku: `TEST-WRITE-${v7()}`, name: 'Test Written Teapot', category: 'yoga', price: 3450, stock: 7 });

/** The command published for an operation, taken off the projector's queue. */
async function takeCommand(operationId: string) {
  const queue = eventNames.queue(projector.consumer);
  for (let attempt = 0; attempt < 100; attempt++) {
    const message = await channel.get(queue, { noAck: false });
    if (!message) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    channel.ack(message);
    if (message.properties.messageId === operationId) return fromAmqpMessage(message.properties.headers, message.content);
  }
  throw new Error(`no command for operation ${operationId}`);
}

async function send(method: string, url: string, body?: unknown, headers = adminHeaders) {
  const response = await call(method, url, {
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (response.status === 202) operationIds.push(response.json().operationId);
  return response;
}

async function acceptedOperationKeys(): Promise<string[]> {
  return (await redis()).keys(`${config().REDIS_KEY_PREFIX}accepted:operation:*`);
}

beforeAll(async () => {
  connection = await amqp.connect(config().AMQP_URL);
  channel = await connection.createChannel();
  await declareTopology(channel, [projector]);
  adminHeaders = { authorization: `Bearer ${await signToken(adminSub, ['admin'])}` };
});

afterAll(async () => {
  await deleteTopology(channel, [projector]);
  await connection.close();
  await closeBroker();
  const sql = primary();
  await sql`DELETE FROM products WHERE id = ANY(${arrayLiteral(productIds)}::uuid[])`;
  await sql`DELETE FROM operations WHERE id = ANY(${arrayLiteral(operationIds)}::uuid[])`;
  await sql`DELETE FROM inbox WHERE consumer = 'catalog-projector' AND event_id = ANY(${arrayLiteral(operationIds)}::text[])`;
  await closeDb();
  await closeRedis();
});

describe('bad input', () => {
  // The rest of what products-write refuses: products-write.unit.test.ts.
  it('refuses text PostgreSQL would not store as sent (a NUL, an unpaired surrogate), naming each field, and publishes nothing', async () => {
    const depthBefore = (await channel.checkQueue(eventNames.queue(projector.consumer))).messageCount;
    const response = await send('POST', '/v1/products', { sku: 'NUL-\u0000-1', name: 'a\u0000b', description: 'half a pair: \ud800', category: 'kitchen', price: 1, stock: 1 });
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual(
      ['sku', 'name', 'description'].map((name) => ({ in: 'body', name, detail: 'must not contain NUL characters or unpaired surrogates' })),
    );
    expect((await channel.checkQueue(eventNames.queue(projector.consumer))).messageCount).toBe(depthBefore);
  });
});

describe('POST /v1/products', () => {
  it('answers 202 with the operation in Location, readable at once as accepted', async () => {
    const response = await send('POST', '/v1/products', newProduct());
    expect(response.status).toBe(202);
    const { operationId, status, resource } = response.json();
    expect(status).toBe('accepted');
    expect(resource).toMatch(/^\/v1\/products\/[0-9a-f-]{36}$/);
    expect(response.headers.location).toBe(`/v1/operations/${operationId}`);

    const polled = await call('GET', response.headers.location!, { headers: adminHeaders });
    expect(polled.status).toBe(200);
    expect(polled.json()).toEqual({ id: operationId, status: 'accepted', resource, error: null, createdAt: expect.any(String), updatedAt: expect.any(String) });
    await takeCommand(operationId);
  });

  it('publishes upsert_requested with the operation id as event id, every field with its default, and the admin as requestedBy', async () => {
    const product = newProduct();
    const { operationId, resource } = (await send('POST', '/v1/products', product)).json();
    const event = await takeCommand(operationId);
    expect(event).toMatchObject({ id: operationId, type: 'brisk.catalog.product.upsert_requested', data: { requestedBy: adminSub } });
    expect(event.data).toEqual({
      operationId,
      productId: resource.split('/').at(-1),
      requestedBy: adminSub,
      changes: { ...product, description: '', currency: 'EUR' },
    });
  });

  it('creates the product once the catalog projector takes the command; the operation then reads succeeded', async () => {
    const product = newProduct();
    const accepted = await send('POST', '/v1/products', product);
    const { operationId, resource } = accepted.json();
    productIds.push(resource.split('/').at(-1));
    const before = (await call('GET', `/v1/operations/${operationId}`, { headers: adminHeaders })).json();

    expect(await catalogProjector.deliver(await takeCommand(operationId))).toEqual({ status: 204 });

    const after = await call('GET', `/v1/operations/${operationId}`, { headers: adminHeaders });
    expect(after.json()).toEqual({ ...before, status: 'succeeded', updatedAt: expect.any(String) });
    const created = await call('GET', resource);
    expect(created.status).toBe(200);
    expect(created.json()).toMatchObject({ ...product, description: '', currency: 'EUR' });
  });

  it('answers 503 with Retry-After and remembers nothing when the broker cannot confirm the command', async () => {
    const exchange = eventNames.exchange();
    const queue = eventNames.queue(projector.consumer);
    await channel.unbindQueue(queue, exchange, 'brisk.catalog.product.upsert_requested');
    try {
      const before = await acceptedOperationKeys();
      const response = await send('POST', '/v1/products', newProduct());
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect((await acceptedOperationKeys()).sort()).toEqual(before.sort());
    } finally {
      await channel.bindQueue(queue, exchange, 'brisk.catalog.product.upsert_requested');
    }
  });
});

describe('PATCH /v1/products/{id}', () => {
  it('answers 202 and publishes only the fields given', async () => {
    const productId = v7();
    const response = await send('PATCH', `/v1/products/${productId}`, { price: 999, name: 'Test Renamed' });
    expect(response.status).toBe(202);
    const { operationId, resource } = response.json();
    expect(resource).toBe(`/v1/products/${productId}`);
    expect(response.headers.location).toBe(`/v1/operations/${operationId}`);
    const event = await takeCommand(operationId);
    expect(event.data).toEqual({ operationId, productId, requestedBy: adminSub, changes: { price: 999, name: 'Test Renamed' } });
  });
});

describe('DELETE /v1/products/{id}', () => {
  it('answers 202 and publishes delete_requested', async () => {
    const productId = v7();
    const response = await send('DELETE', `/v1/products/${productId}`);
    expect(response.status).toBe(202);
    const { operationId } = response.json();
    expect(response.json()).toEqual({ operationId, status: 'accepted', resource: `/v1/products/${productId}` });
    expect(await (await redis()).exists(cacheKeys.accepted('operation', operationId))).toBe(1);
    const event = await takeCommand(operationId);
    expect(event).toMatchObject({ id: operationId, type: 'brisk.catalog.product.delete_requested', data: { operationId, productId, requestedBy: adminSub } });
  });
});
