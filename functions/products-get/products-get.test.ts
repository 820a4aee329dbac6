import { v7 } from 'uuid';
import { cacheKeys, closeRedis, redis } from '../../shared/cache';
import { config, setConfig } from '../../shared/config';
import { arrayLiteral, closeDb, primary } from '../../shared/db';
import { product } from '../../shared/domain/catalog';
import { appClient } from '../../test/app-client';
import productsGet from './function';
import { insertProduct as insertTestProduct, setStock } from '../../test/products';

// This file's cache keys get a prefix of their own (under the run's).
setConfig({ REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}products-get-test:` });

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price: number;
  currency: string;
  stock: number;
  created_at: Date;
  updated_at: Date;
}

/** Products this file inserts go to one category, which no other test counts or walks. */
const testCategory = 'yoga';
const call = appClient(productsGet);
const insertedIds: string[] = [];

async function insertProduct(fields: { id?: string; name?: string } = {}): Promise<string> {
  const id = fields.id ?? v7();
  await insertTestProduct(primary(), {
    id, sku: `TEST-GET-${id}`, name: fields.name ?? 'Test Product Original', description: 'Inserted by products-get.test.ts', category: testCategory, price: 1299, stock: 4,
  });
  insertedIds.push(id);
  return id;
}

async function forgetCached(id: string): Promise<void> {
  await (await redis()).del(cacheKeys.product(id));
}

afterAll(async () => {
  if (insertedIds.length > 0) await primary()`DELETE FROM products WHERE id = ANY(${arrayLiteral(insertedIds)}::uuid[])`;
  const client = await redis();
  for (const id of insertedIds) await client.del(cacheKeys.product(id));
  await closeDb();
  await closeRedis();
});

describe('GET /v1/products/{id}', () => {
  it('answers 200 with the representation of the database row', async () => {
    const [row] = await primary()<ProductRow[]>`
      SELECT id, sku, name, description, category, price, currency, s.stock, created_at, greatest(p.updated_at, s.updated_at) AS updated_at
      FROM products p JOIN product_stock s ON s.product_id = p.id WHERE category <> ${testCategory} ORDER BY sku LIMIT 1 OFFSET 7`;
    const response = await call('GET', `/v1/products/${row!.id}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, no-cache');
    expect(response.json()).toEqual({
      id: row!.id,
      sku: row!.sku,
      name: row!.name,
      description: row!.description,
      category: row!.category,
      price: row!.price,
      currency: row!.currency,
      stock: row!.stock,
      createdAt: row!.created_at.toISOString(),
      updatedAt: row!.updated_at.toISOString(),
    });
  });

  it('answers a body that matches the documented product schema, with an integer price and ISO timestamps', async () => {
    const id = await insertProduct();
    const body = (await call('GET', `/v1/products/${id}`)).json();
    expect(product.safeParse(body).success).toBe(true);
    expect(Object.keys(body).sort()).toEqual(
      ['id', 'sku', 'name', 'description', 'category', 'price', 'currency', 'stock', 'createdAt', 'updatedAt'].sort(),
    );
    expect(Number.isInteger(body.price)).toBe(true);
    expect(body.price).toBe(1299);
    expect(body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(body.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('answers the second call from Redis: a name changed in SQL after the first call is not seen', async () => {
    const id = await insertProduct({ name: 'Test Product Before Update' });
    const first = await call('GET', `/v1/products/${id}`);
    expect(first.json().name).toBe('Test Product Before Update');
    expect(await (await redis()).exists(cacheKeys.product(id))).toBe(1);

    await primary()`UPDATE products SET name = 'Test Product After Update' WHERE id = ${id}`;

    const second = await call('GET', `/v1/products/${id}`);
    expect(second.status).toBe(200);
    expect(second.json().name).toBe('Test Product Before Update');
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
  });

  it('answers the updated row once its cache key is deleted', async () => {
    const id = await insertProduct({ name: 'Test Product Cached Name' });
    await call('GET', `/v1/products/${id}`);
    await primary()`UPDATE products SET name = 'Test Product Fresh Name' WHERE id = ${id}`;
    await forgetCached(id);
    expect((await call('GET', `/v1/products/${id}`)).json().name).toBe('Test Product Fresh Name');
  });

  it('answers 304 to a matching If-None-Match, and 200 with a new ETag once the representation changed', async () => {
    const id = await insertProduct();
    const first = await call('GET', `/v1/products/${id}`);
    const etag = first.headers.etag!;
    expect((await call('GET', `/v1/products/${id}`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    await setStock(primary(), id, 0);
    await forgetCached(id);
    const changed = await call('GET', `/v1/products/${id}`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.json().stock).toBe(0);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('shows stock 0 for a product whose stock row is missing, not an empty answer', async () => {
    const id = await insertProduct();
    await primary()`DELETE FROM product_stock WHERE product_id = ${id}`;
    const response = await call('GET', `/v1/products/${id}`);
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ id, stock: 0 });
  });

  it('answers an unknown id with a 404 problem', async () => {
    const id = v7();
    const response = await call('GET', `/v1/products/${id}`);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json()).toMatchObject({ status: 404, title: 'Not found', instance: `/v1/products/${id}` });
    expect(response.json().detail).toContain(id);
  });

  it('caches a 404: a product inserted afterwards stays 404 until its cache key is deleted', async () => {
    const id = v7();
    expect((await call('GET', `/v1/products/${id}`)).status).toBe(404);

    await insertProduct({ id, name: 'Test Product Arrived Late' });
    expect((await call('GET', `/v1/products/${id}`)).status).toBe(404);

    const client = await redis();
    expect(await client.ttl(cacheKeys.product(id))).toBeGreaterThan(0);
    await forgetCached(id);
    const found = await call('GET', `/v1/products/${id}`);
    expect(found.status).toBe(200);
    expect(found.json()).toMatchObject({ id, name: 'Test Product Arrived Late' });
  });
});
