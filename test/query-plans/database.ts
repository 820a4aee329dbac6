import postgres from 'postgres';
import { migrate } from '../../shared/db/migrate';
import { seedCatalog } from '../../shared/db/seed';

/** Rows generated per table: past the ~1,000 under which a sequential scan is what the planner should choose. */
export const bulk = { customers: 500, orders: 5_000, itemsPerOrder: 2, operations: 4_000, inbox: 8_000, outbox: 4_000 };

/** A database of this run's own, next to the run's (so as unique), for a test that needs more data than the run's 600 products. */
export const ownDatabaseUrl = (tag: string): string => `${process.env.DATABASE_URL!}_${tag}`;

const quiet = { max: 1, onnotice: () => {} };

/**
 * Migrates `url` and fills it as a production catalog would be filled: the default seed (10,000
 * products in 30 categories) and, in set-based SQL, orders with their items, operations, inbox rows
 * and a backlog of outbox facts by the thousand; then ANALYZE, so the planner knows.
 */
export async function createLargeDatabase(url: string): Promise<void> {
  await migrate(url);
  const sql = postgres(url, quiet);
  try {
    await seedCatalog(sql);
    await sql.begin(async (tx) => {
      await tx`
        INSERT INTO orders (id, customer_id, status, total, currency, created_at, updated_at)
        SELECT gen_random_uuid(), 'seed-customer-' || g % ${bulk.customers},
               (ARRAY['confirmed', 'rejected', 'payment_failed', 'cancelled'])[1 + g % 4], 1000 + g, 'EUR',
               timestamptz '2026-11-01' - g * interval '1 hour', timestamptz '2026-11-01' - g * interval '1 hour'
        FROM generate_series(1, ${bulk.orders}) g`;
      await tx`
        WITH o AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM orders),
             p AS (SELECT id, price, row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS total FROM products)
        INSERT INTO order_items (order_id, product_id, quantity, unit_price)
        SELECT o.id, p.id, 1 + o.n % 3, p.price
        FROM o CROSS JOIN generate_series(0, ${bulk.itemsPerOrder - 1}) k JOIN p ON p.n = (o.n * ${bulk.itemsPerOrder} + k) % p.total`;
      await tx`
        INSERT INTO operations (id, created_by, status, resource, created_at, updated_at)
        SELECT gen_random_uuid(), 'seed-admin', 'succeeded', '/v1/products/' || gen_random_uuid(), now(), now()
        FROM generate_series(1, ${bulk.operations})`;
      await tx`
        INSERT INTO inbox (consumer, event_id)
        SELECT (ARRAY['order-processor', 'catalog-projector'])[1 + g % 2], gen_random_uuid()::text
        FROM generate_series(1, ${bulk.inbox}) g`;
      // A backlog, as a broker outage leaves (the outbox holds only what is still to publish): the relays
      // the test's consumers start publish it, into the test's own exchange, where nothing is bound to it.
      await tx`
        INSERT INTO outbox (event_id, type, subject, data)
        SELECT gen_random_uuid(), 'brisk.orders.order.confirmed', o.id::text,
               json_build_object('orderId', o.id, 'customerId', o.customer_id, 'status', 'confirmed')
        FROM orders o LIMIT ${bulk.outbox}`;
    });
    await sql`ANALYZE`;
  } finally {
    await sql.end();
  }
}
