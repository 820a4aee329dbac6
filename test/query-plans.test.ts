import { CloudEvent } from 'cloudevents';
import postgres from 'postgres';
import { v7 } from 'uuid';
import { dropDatabase } from '../shared/db/migrate';
import { createLargeDatabase, ownDatabaseUrl } from './query-plans/database';

// This file's own database, filled like production (test/query-plans/database.ts). The primary is also
// named as the one replica: the lag check then runs its real queries, finds no standby, and every read
// stays on the primary. Set before config() is first read.
const databaseUrl = ownDatabaseUrl('plans');
process.env.DATABASE_URL = databaseUrl;
process.env.DATABASE_REPLICA_URLS = databaseUrl;

import catalogProjector from '../functions/catalog-projector/function';
import categoriesList from '../functions/categories-list/function';
import operationsGet from '../functions/operations-get/function';
import orderProcessor from '../functions/order-processor/function';
import { reserve, reserveOrder } from '../functions/order-processor/reserve';
import outboxRelay from '../functions/outbox-relay/function';
import productsGet from '../functions/products-get/function';
import productsList from '../functions/products-list/function';
import { signToken } from '../shared/auth';
import { replicas } from '../shared/db';
import type { EventData, EventFunction, EventTypeName } from '../shared/events';
import { appClient, type TestResponse } from './app-client';
import { until } from './faults/isolated';
import { OrderFlow } from './orders/flow';
import { type Checked, checkNestedPlans, checkPlans, largeTableRows, offenders, QueryRecorder } from './query-plans/plans';

/**
 * "Every query is served by an index", proven: each function's code paths that touch PostgreSQL are
 * driven against 10,000 products and thousands of orders, items, operations, inbox and outbox rows;
 * every distinct query they sent (captured from the pools, not listed by hand) is EXPLAINed with the
 * parameters it was sent with, and none may read a table of more than 1,000 rows by a sequential scan.
 */
const recorder = new QueryRecorder(); // before any pool opens
let explainer: postgres.Sql;
const checked = new Map<string, Checked>();
/** Plans of the statements SQL functions run, which the pools never see. */
const nested = new Map<string, Checked>();

beforeAll(async () => {
  await createLargeDatabase(databaseUrl);
  explainer = postgres(databaseUrl, { max: 1, onnotice: () => {} });
}, 60_000);

const flow = new OrderFlow('query-plans', { consumer: 'none' });
let catalog: ReturnType<typeof appClient>;
beforeAll(() => {
  catalog = appClient(productsGet, productsList, categoriesList, operationsGet); // reads config(): after the flow's set-up
});

// After the flow's teardown (hooks run in the order declared), which still deletes its rows.
afterAll(async () => {
  await explainer?.end();
  await dropDatabase(databaseUrl);
});

/** Runs `drive`, EXPLAINs every query it sent and expects no sequential scan of a large table; answers the plans. */
async function expectIndexed(drive: () => Promise<unknown>): Promise<Checked[]> {
  const plans = await checkPlans(explainer, await recorder.recording(drive));
  for (const plan of plans) checked.set(plan.text, plan);
  expect(plans.length).toBeGreaterThan(0);
  expect(offenders(plans)).toEqual([]);
  return plans;
}

function ok(response: TestResponse, status = 200): TestResponse {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.text}`);
  return response;
}

function deliver<T extends EventTypeName>(to: EventFunction, type: T, data: EventData<T>, id = v7()) {
  return to.deliver(new CloudEvent<unknown>({ id, type, source: '/brisk/query-plans-test', datacontenttype: 'application/json', data }));
}

/** Seeded products with stock to spare, taken outside any recording. */
async function productsInStock(count: number): Promise<string[]> {
  const rows = await explainer<{ id: string }[]>`SELECT product_id AS id FROM product_stock WHERE stock >= 50 ORDER BY product_id LIMIT ${count}`;
  return rows.map((row) => row.id);
}

describe(`every query the functions send, EXPLAINed on production-sized data: no Seq Scan of a table over ${largeTableRows.toLocaleString('en')} rows`, () => {
  it('products-get: a product, and an id that does not exist', async () => {
    const [id] = await productsInStock(1);
    await expectIndexed(async () => {
      ok(await catalog('GET', `/v1/products/${id}`));
      ok(await catalog('GET', `/v1/products/${v7()}`), 404);
    });
  });

  it('products-list: every combination of category, q, minPrice and maxPrice, under each sort, first and next page', async () => {
    const filters = { category: 'kitchen', q: 'steel', minPrice: '1500', maxPrice: '6000' };
    const subsets = Object.entries(filters).reduce<[string, string][][]>((all, entry) => [...all, ...all.map((subset) => [...subset, entry])], [[]]);
    let pages = 0;
    await expectIndexed(async () => {
      for (const sort of ['newest', 'price', '-price', 'name']) {
        for (const subset of subsets) {
          const query = new URLSearchParams([...subset, ['sort', sort], ['limit', '3']]);
          const first = ok(await catalog('GET', `/v1/products?${query}`)).json() as { nextCursor: string | null };
          pages += 1;
          if (first.nextCursor === null) continue;
          query.set('cursor', first.nextCursor);
          ok(await catalog('GET', `/v1/products?${query}`));
          pages += 1;
        }
      }
    });
    // Every combination has a next page: the cursor conditions were all sent too.
    expect(pages).toBe(4 * subsets.length * 2);
  });

  it('categories-list', async () => {
    await expectIndexed(async () => ok(await catalog('GET', '/v1/categories')));
  });

  it('catalog-projector (create, update, no change, a broken rule, stock adjustment, delete, a duplicate delivery) and operations-get', async () => {
    const admin = 'admin-query-plans-test';
    const headers = { authorization: `Bearer ${await signToken(admin, ['admin'])}` };
    const productId = v7();
    const sku = `TEST-PLANS-${productId}`;
    const fields = { sku, name: 'Test Planned Kettle', description: 'Made by query-plans.test.ts', category: 'yoga', price: 2599, currency: 'EUR', stock: 10 };
    const upsert = (id: string, changes: EventData<'brisk.catalog.product.upsert_requested'>['changes'], operationId = v7()) =>
      deliver(catalogProjector, 'brisk.catalog.product.upsert_requested', { operationId, productId: id, requestedBy: admin, changes }, operationId);
    const created = v7();
    const deleted = v7();
    await expectIndexed(async () => {
      expect(await upsert(productId, fields, created)).toEqual({ status: 204 });
      expect(await upsert(productId, { price: 2799 })).toEqual({ status: 204 });
      expect(await upsert(productId, {})).toEqual({ status: 204 });
      expect(await upsert(v7(), { ...fields, name: 'Same sku' })).toEqual({ status: 204 }); // fails the operation: sku exists
      expect(await deliver(catalogProjector, 'brisk.catalog.stock.adjusted', { productId, delta: 5, reason: 'recount' })).toEqual({ status: 204 });
      const remove = { operationId: deleted, productId, requestedBy: admin };
      expect(await deliver(catalogProjector, 'brisk.catalog.product.delete_requested', remove, deleted)).toEqual({ status: 204 });
      expect(await deliver(catalogProjector, 'brisk.catalog.product.delete_requested', remove, deleted)).toEqual({ status: 204 });
      expect(ok(await catalog('GET', `/v1/operations/${created}`, { headers })).json()).toMatchObject({ status: 'succeeded' });
      expect(ok(await catalog('GET', `/v1/operations/${deleted}`, { headers })).json()).toMatchObject({ status: 'succeeded' });
    });
  });

  it('orders-create, then order-processor: confirmed, delivered twice, rejected, payment failed; the outbox relay', async () => {
    const [first, second] = await productsInStock(2);
    const alice = await flow.customer();
    /** POST /v1/orders (orders-create), then the order.placed event it published, delivered to the order processor. */
    const place = async (items: { productId: string; quantity: number }[], key = v7()) => {
      const orderId = await flow.placeAccepted(alice, items, { 'idempotency-key': key });
      const placed = () => deliver(orderProcessor, 'brisk.orders.order.placed', { orderId, customerId: alice.id, items }, orderId);
      expect(await placed()).toEqual({ status: 204 });
      return { orderId, placed };
    };
    await expectIndexed(async () => {
      const items = [{ productId: first!, quantity: 2 }, { productId: second!, quantity: 1 }];
      const key = v7();
      const confirmed = await place(items, key);
      expect(await flow.placeAccepted(alice, items, { 'idempotency-key': key })).toBe(confirmed.orderId);
      expect(await confirmed.placed()).toEqual({ status: 204 });
      expect((await flow.order(alice, confirmed.orderId)).status).toBe('confirmed');

      const rejected = await place([{ productId: v7(), quantity: 1 }]);
      expect((await flow.order(alice, rejected.orderId)).status).toBe('rejected');

      await flow.primaryProvider.control({ declineRate: 1 });
      const declined = await place([{ productId: first!, quantity: 1 }]).finally(() => flow.restoreProviders());
      expect((await flow.order(alice, declined.orderId)).status).toBe('payment_failed');

      // Each consumer relays its facts after commit; wait for those relays, then tick the relay itself.
      const unpublished = async () => (await explainer<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox`)[0]!.n;
      await until(unpublished, (n) => n === 0, 'the consumers to relay their facts');
      expect(await deliver(outboxRelay, 'dev.knative.sources.ping', {})).toEqual({ status: 204 });
    });
  });

  it('orders-get, orders-list and its next page, orders-cancel; order-processor cancelling a reserved order, one not taken yet, and one too late', async () => {
    const [productId] = await productsInStock(1);
    const bob = await flow.customer();
    const seeded = { authorization: `Bearer ${await signToken('seed-customer-7')}` };
    const items = [{ productId: productId!, quantity: 1 }];
    const cancel = (orderId: string) =>
      deliver(orderProcessor, 'brisk.orders.order.cancel_requested', { orderId, customerId: bob.id, requestedBy: bob.id });
    await expectIndexed(async () => {
      const page = ok(await flow.call('GET', '/v1/orders?limit=3', { headers: seeded })).json() as { items: unknown[]; nextCursor: string };
      expect(page.items).toHaveLength(3);
      ok(await flow.call('GET', `/v1/orders?limit=3&cursor=${page.nextCursor}`, { headers: seeded }));

      const reserved = v7();
      expect((await reserve({ orderId: reserved, customerId: bob.id, items })).status).toBe('reserved');
      ok(await flow.call('POST', `/v1/orders/${reserved}/cancel`, { headers: bob.headers }), 202);
      expect(await cancel(reserved)).toEqual({ status: 204 });
      expect((await flow.order(bob, reserved)).status).toBe('cancelled');

      const notTaken = v7();
      expect(await cancel(notTaken)).toEqual({ status: 204 });
      expect(await deliver(orderProcessor, 'brisk.orders.order.placed', { orderId: notTaken, customerId: bob.id, items }, notTaken)).toEqual({ status: 204 });
      expect((await flow.order(bob, notTaken)).status).toBe('cancelled');

      const confirmed = v7();
      expect(await deliver(orderProcessor, 'brisk.orders.order.placed', { orderId: confirmed, customerId: bob.id, items }, confirmed)).toEqual({ status: 204 });
      expect(await cancel(confirmed)).toEqual({ status: 204 });
      expect((await flow.order(bob, confirmed)).status).toBe('confirmed');
      ok(await flow.call('GET', '/v1/orders', { headers: bob.headers }));
    });
  });

  it('reserve_order, the SQL function the order processor calls: every statement it runs, on each of its paths', async () => {
    const [productId] = await productsInStock(1);
    const customerId = (await flow.customer()).id;
    const reserved = { orderId: v7(), customerId, items: [{ productId: productId!, quantity: 1 }] };
    const rejected = { orderId: v7(), customerId, items: [{ productId: v7(), quantity: 1 }] };
    const plans = await checkNestedPlans(databaseUrl, async (tx) => {
      expect((await reserveOrder(tx, reserved))[0]!.status).toBe('reserved');
      expect((await reserveOrder(tx, reserved))[0]!.status).toBe('reserved'); // written already
      expect((await reserveOrder(tx, rejected))[0]!.status).toBe('rejected');
    });
    for (const plan of plans) nested.set(plan.text, plan);
    // The lock, the order read, the products' check, the three writes of a rejection and the three of a reservation.
    expect(plans.filter((plan) => plan.tables.length > 0).length).toBeGreaterThanOrEqual(9);
    expect(offenders(plans)).toEqual([]);
  });

  it('the replica lag check (the primary named as a replica: it finds no standby)', async () => {
    await expectIndexed(() => replicas().check());
    expect(replicas().describe()).toEqual({ 'replica-1': { lagBytes: null } });
  });

  it('sent queries against every table of more than 1,000 rows: products, orders, order_items, operations, inbox, and the outbox while its backlog waits', async () => {
    const large = await explainer<{ name: string }[]>`
      SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples > ${largeTableRows} ORDER BY 1`;
    const largeTables = large.map((row) => row.name);
    // The outbox counts as large while its statistics are those of the backlog (no vacuum since).
    expect(largeTables).toEqual(expect.arrayContaining(['inbox', 'operations', 'order_items', 'orders', 'products']));
    const touched = new Set([...checked.values(), ...nested.values()].flatMap((plan) => plan.tables));
    expect(largeTables.filter((table) => !touched.has(table))).toEqual([]);
    expect(recorder.all.length).toBe(checked.size);
  });
});
