import { CloudEvent } from 'cloudevents';
import { v7 } from 'uuid';
import { cacheKeys, catalogVersion, closeRedis, redis } from '../../shared/cache';
import { config, setConfig } from '../../shared/config';
import { arrayLiteral, closeDb, primary } from '../../shared/db';
import { acceptedAt } from '../../shared/domain/accepted';
import { readOperation } from '../../shared/domain/operations';
import type { EventData, EventTypeName } from '../../shared/events';
import { getProduct } from '../products-get/handler';
import catalogProjector from './function';

// This file's cache keys (and catalog version) get a prefix of their own under the run's, so its
// bumps never invalidate what another file cached.
setConfig({ REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}catalog-projector-test:` });

/** Products this file creates go to a category no other test counts or walks. */
const testCategory = 'yoga';
const admin = 'admin-catalog-projector-test';
const productIds: string[] = [];
const operationIds: string[] = [];
const eventIds: string[] = [];

function deliver<T extends EventTypeName>(type: T, data: EventData<T>, id = v7()) {
  eventIds.push(id);
  return catalogProjector.deliver(new CloudEvent({ id, type, source: '/brisk/products-write', data }));
}

type Changes = EventData<'brisk.catalog.product.upsert_requested'>['changes'];

function upsert(productId: string, changes: Changes, eventId?: string) {
  const operationId = eventId ?? v7();
  operationIds.push(operationId);
  productIds.push(productId);
  return { operationId, outcome: deliver('brisk.catalog.product.upsert_requested', { operationId, productId, requestedBy: admin, changes }, operationId) };
}

const newFields = () => {
  const sku = `TEST-PROJ-${v7()}`;
  return { sku, name: 'Test Projected Kettle', description: 'Made by catalog-projector.test.ts', category: testCategory, price: 2599, currency: 'EUR', stock: 10 };
};

/** Creates a product through the projector, as an admin's POST would. */
async function createProduct(fields: Changes = newFields()): Promise<string> {
  const productId = v7();
  expect(await upsert(productId, fields).outcome).toEqual({ status: 204 });
  return productId;
}

interface Row {
  sku: string;
  name: string;
  description: string;
  category: string;
  price: number;
  currency: string;
  stock: number;
  createdAt: Date;
  updatedAt: Date;
  millisecondPrecision: boolean;
}

async function productRow(id: string): Promise<Row | undefined> {
  const [row] = await primary()<Row[]>`
    SELECT sku, name, description, category, price, currency, s.stock, p.created_at AS "createdAt", greatest(p.updated_at, s.updated_at) AS "updatedAt",
           p.created_at = date_trunc('milliseconds', p.created_at) AND p.updated_at = date_trunc('milliseconds', p.updated_at)
             AND s.updated_at = date_trunc('milliseconds', s.updated_at) AS "millisecondPrecision"
    FROM products p JOIN product_stock s ON s.product_id = p.id WHERE p.id = ${id}`;
  return row;
}

async function operation(id: string) {
  const stored = await readOperation(id);
  return stored && { createdBy: stored.createdBy, ...JSON.parse(stored.json) };
}

async function isCached(productId: string): Promise<boolean> {
  return (await (await redis()).exists(cacheKeys.product(productId))) === 1;
}

afterAll(async () => {
  const sql = primary();
  await sql`DELETE FROM products WHERE id = ANY(${arrayLiteral(productIds)}::uuid[])`;
  await sql`DELETE FROM operations WHERE id = ANY(${arrayLiteral(operationIds)}::uuid[])`;
  await sql`DELETE FROM inbox WHERE consumer = 'catalog-projector' AND event_id = ANY(${arrayLiteral(eventIds)}::text[])`;
  await closeDb();
  await closeRedis();
});

describe('brisk.catalog.product.upsert_requested', () => {
  it('creates the product a new id describes and records the operation as succeeded, for the admin who asked', async () => {
    const fields = newFields();
    const productId = v7();
    const { operationId, outcome } = upsert(productId, fields);
    expect(await outcome).toEqual({ status: 204 });

    const product = JSON.parse((await getProduct(productId)).body as string);
    expect(product).toMatchObject({ id: productId, ...fields });
    expect(product.createdAt).toBe(product.updatedAt);
    expect((await productRow(productId))!.millisecondPrecision).toBe(true);
    expect(await operation(operationId)).toEqual({
      createdBy: admin,
      id: operationId,
      status: 'succeeded',
      resource: `/v1/products/${productId}`,
      error: null,
      createdAt: acceptedAt(operationId).toISOString(),
      updatedAt: expect.any(String),
    });
  });

  it('creates a product without a description, with an empty one', async () => {
    const { description: _left, ...fields } = newFields();
    const productId = await createProduct(fields);
    expect((await productRow(productId))!.description).toBe('');
  });

  it('takes effect once of an event delivered twice: one product, one operation, the second delivery acknowledged', async () => {
    const productId = v7();
    const fields = newFields();
    const { operationId, outcome } = upsert(productId, fields);
    expect(await outcome).toEqual({ status: 204 });
    const first = await operation(operationId);

    expect(await upsert(productId, { ...fields, name: 'Test Changed By A Duplicate' }, operationId).outcome).toEqual({ status: 204 });
    expect((await productRow(productId))!.name).toBe(fields.name);
    expect(await operation(operationId)).toEqual(first);
    const [count] = await primary()<{ n: number }[]>`SELECT count(*)::int AS n FROM products WHERE sku = ${fields.sku}`;
    expect(count!.n).toBe(1);
  });

  it('sets the stock of a product whose stock row is missing by writing one', async () => {
    const productId = await createProduct();
    await primary()`DELETE FROM product_stock WHERE product_id = ${productId}`;
    expect(await productRow(productId)).toBeUndefined();

    expect(await upsert(productId, { stock: 7 }).outcome).toEqual({ status: 204 });
    expect((await productRow(productId))!.stock).toBe(7);
  });

  it('changes only the given fields of an existing product, renews updatedAt, and drops the cached product', async () => {
    const productId = await createProduct();
    const before = await productRow(productId);
    await getProduct(productId);
    expect(await isCached(productId)).toBe(true);
    const versionBefore = await catalogVersion();

    const { operationId, outcome } = upsert(productId, { price: 1999, name: 'Test Projected Kettle Renamed' });
    expect(await outcome).toEqual({ status: 204 });

    expect(await isCached(productId)).toBe(false);
    expect(await catalogVersion()).toBeGreaterThan(versionBefore);
    const after = await productRow(productId);
    expect(after).toEqual({ ...before, price: 1999, name: 'Test Projected Kettle Renamed', updatedAt: expect.any(Date) });
    expect(after!.updatedAt.getTime()).toBeGreaterThanOrEqual(before!.updatedAt.getTime());
    expect(after!.millisecondPrecision).toBe(true);
    expect(JSON.parse((await getProduct(productId)).body as string)).toMatchObject({ price: 1999, name: 'Test Projected Kettle Renamed' });
    expect(await operation(operationId)).toMatchObject({ status: 'succeeded', error: null });
  });

  it('fails the operation and writes no product when a new product lacks required fields', async () => {
    const productId = v7();
    const { operationId, outcome } = upsert(productId, { name: 'Test Half A Product', price: 100 });
    expect(await outcome).toEqual({ status: 204 });
    expect(await productRow(productId)).toBeUndefined();
    const failed = await operation(operationId);
    expect(failed).toMatchObject({ status: 'failed', resource: `/v1/products/${productId}` });
    expect(failed.error).toContain(`no product ${productId}`);
    expect(failed.error).toContain('sku');
    expect(failed.error).toContain('stock');
  });

  it('fails the operation when a new product’s sku already exists, leaving the first product as it was', async () => {
    const fields = newFields();
    const firstId = await createProduct(fields);
    const secondId = v7();
    const { operationId, outcome } = upsert(secondId, { ...fields, name: 'Test Same Sku' });
    expect(await outcome).toEqual({ status: 204 });
    expect(await productRow(secondId)).toBeUndefined();
    expect((await productRow(firstId))!.name).toBe(fields.name);
    expect(await operation(operationId)).toMatchObject({ status: 'failed', error: `sku ${fields.sku} already exists` });
  });

  it('fails the operation when an update gives a product the sku of another', async () => {
    const taken = newFields();
    await createProduct(taken);
    const productId = await createProduct();
    const { operationId, outcome } = upsert(productId, { sku: taken.sku, price: 1 });
    expect(await outcome).toEqual({ status: 204 });
    expect((await productRow(productId))!.price).toBe(2599);
    expect(await operation(operationId)).toMatchObject({ status: 'failed', error: `sku ${taken.sku} already exists` });
  });

  it('fails the operation when the category does not exist', async () => {
    const productId = v7();
    const { operationId, outcome } = upsert(productId, { ...newFields(), category: 'no-such-category' });
    expect(await outcome).toEqual({ status: 204 });
    expect(await productRow(productId)).toBeUndefined();
    expect(await operation(operationId)).toMatchObject({ status: 'failed', error: 'no category no-such-category' });
  });

  it('fails the operation when it updates a product that does not exist', async () => {
    const productId = v7();
    const { operationId, outcome } = upsert(productId, { price: 500 });
    expect(await outcome).toEqual({ status: 204 });
    expect(await productRow(productId)).toBeUndefined();
    expect((await operation(operationId)).error).toContain(`no product ${productId}`);
  });
});

describe('brisk.catalog.product.delete_requested', () => {
  const remove = (productId: string) => {
    const operationId = v7();
    operationIds.push(operationId);
    return { operationId, outcome: deliver('brisk.catalog.product.delete_requested', { operationId, productId, requestedBy: admin }, operationId) };
  };

  it('deletes the product, drops its cached representation, and records the operation as succeeded', async () => {
    const productId = await createProduct();
    await getProduct(productId);
    const { operationId, outcome } = remove(productId);
    expect(await outcome).toEqual({ status: 204 });
    expect(await productRow(productId)).toBeUndefined();
    expect(await isCached(productId)).toBe(false);
    await expect(getProduct(productId)).rejects.toMatchObject({ status: 404 });
    expect(await operation(operationId)).toMatchObject({ createdBy: admin, status: 'succeeded', resource: `/v1/products/${productId}` });
  });

  it('fails the operation when the product does not exist', async () => {
    const productId = v7();
    const { operationId, outcome } = remove(productId);
    expect(await outcome).toEqual({ status: 204 });
    expect(await operation(operationId)).toMatchObject({ status: 'failed', error: `no product ${productId}` });
  });
});

describe('brisk.catalog.stock.adjusted', () => {
  const stockOf = async (productId: string) => (await productRow(productId))!.stock;

  it('adds a delta to the stock and drops the cached product', async () => {
    const productId = await createProduct();
    await getProduct(productId);
    expect(await deliver('brisk.catalog.stock.adjusted', { productId, delta: 5, reason: 'delivery' })).toEqual({ status: 204 });
    expect(await stockOf(productId)).toBe(15);
    expect(await isCached(productId)).toBe(false);
    expect(await deliver('brisk.catalog.stock.adjusted', { productId, delta: -15, reason: 'sold out' })).toEqual({ status: 204 });
    expect(await stockOf(productId)).toBe(0);
  });

  it('sets the stock to a counted level', async () => {
    const productId = await createProduct();
    expect(await deliver('brisk.catalog.stock.adjusted', { productId, level: 42, reason: 'stocktake' })).toEqual({ status: 204 });
    expect(await stockOf(productId)).toBe(42);
  });

  it('applies a delta delivered twice once', async () => {
    const productId = await createProduct();
    const eventId = v7();
    const data = { productId, delta: 3, reason: 'delivery' };
    expect(await deliver('brisk.catalog.stock.adjusted', data, eventId)).toEqual({ status: 204 });
    expect(await deliver('brisk.catalog.stock.adjusted', data, eventId)).toEqual({ status: 204 });
    expect(await stockOf(productId)).toBe(13);
  });

  it('answers 422 (dead-letter) for a delta that would make stock negative, and leaves stock untouched', async () => {
    const productId = await createProduct();
    const eventId = v7();
    const outcome = await deliver('brisk.catalog.stock.adjusted', { productId, delta: -11, reason: 'breakage' }, eventId);
    expect(outcome).toEqual({ status: 422, detail: expect.stringContaining('would be -1') });
    expect(await stockOf(productId)).toBe(10);
    const [inbox] = await primary()<{ n: number }[]>`SELECT count(*)::int AS n FROM inbox WHERE event_id = ${eventId}`;
    expect(inbox!.n).toBe(0);
  });

  it('answers 422 (dead-letter) for a product that does not exist', async () => {
    const productId = v7();
    expect(await deliver('brisk.catalog.stock.adjusted', { productId, level: 1, reason: 'count' })).toEqual({
      status: 422,
      detail: `no product ${productId}`,
    });
  });
});
