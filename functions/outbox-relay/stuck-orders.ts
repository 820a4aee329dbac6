import { cacheKeys, withRedis } from '../../shared/cache';
import { config } from '../../shared/config';
import { arrayLiteral, primary } from '../../shared/db';
import type { Order } from '../../shared/domain/orders';
import { type EventData, publishConfirmed } from '../../shared/events';
import { logger } from '../../shared/log';
import { recordStuckOrders } from '../../shared/metrics';

type Placed = EventData<'brisk.orders.order.placed'>;
type StuckStatus = 'accepted' | 'reserved' | 'paid';

/** Orders read per query; at most this many of each kind are re-driven per sweep, oldest first. */
const batchSize = 100;

/** Orders written but stuck in `reserved` or `paid` (a dead-lettered or lost event), oldest first, as their order.placed. */
async function stuckInDatabase(before: Date): Promise<{ counts: Record<'reserved' | 'paid', number>; placed: Placed[] }> {
  const sql = primary();
  const [counts, placed] = await Promise.all([
    sql<{ status: 'reserved' | 'paid'; count: number }[]>`
      SELECT status, count(*)::int AS count FROM orders WHERE status IN ('reserved', 'paid') AND updated_at < ${before} GROUP BY status`,
    sql<Placed[]>`
      SELECT o.id AS "orderId", o.customer_id AS "customerId",
        (SELECT json_agg(json_build_object('productId', i.product_id, 'quantity', i.quantity)) FROM order_items i WHERE i.order_id = o.id) AS items
      FROM orders o WHERE o.status IN ('reserved', 'paid') AND o.updated_at < ${before} ORDER BY o.updated_at LIMIT ${batchSize}`,
  ]);
  return { counts: { reserved: 0, paid: 0, ...Object.fromEntries(counts.map((row) => [row.status, row.count])) }, placed };
}

/**
 * Orders answered 202 whose event was never taken (purged, or dead-lettered before its first
 * transaction), as their order.placed rebuilt from the accepted record. The index of accepted orders
 * is walked oldest first in batches: orders that have a row by now leave it, and so do those whose
 * record expired (nothing is left to re-drive them from); what stays is stuck.
 */
async function stuckBeforeReservation(before: Date): Promise<{ count: number; placed: Placed[] }> {
  const index = cacheKeys.acceptedOrders();
  const placed: Placed[] = [];
  for (;;) {
    const ids = await withRedis((client) => client.zRangeByScore(index, 0, before.getTime(), { LIMIT: { offset: placed.length, count: batchSize } }));
    if (ids.length === 0) break;
    const written = new Set((await primary()<{ id: string }[]>`SELECT id FROM orders WHERE id = ANY(${arrayLiteral(ids)}::uuid[])`).map((row) => row.id));
    const waiting = ids.filter((id) => !written.has(id));
    const records = waiting.length > 0 ? await withRedis((client) => client.mGet(waiting.map((id) => cacheKeys.accepted('order', id)))) : [];
    const stuck = waiting.flatMap((orderId, i) => {
      const record = records[i];
      if (!record) return [];
      const order = JSON.parse(record) as Order;
      return [{ orderId, customerId: order.customerId, items: order.items.map(({ productId, quantity }) => ({ productId, quantity })) }];
    });
    const kept = new Set(stuck.map((order) => order.orderId));
    const gone = ids.filter((id) => !kept.has(id));
    if (gone.length > 0) await withRedis((client) => client.zRem(index, gone));
    placed.push(...stuck);
    if (ids.length < batchSize) break;
  }
  return { count: placed.length, placed: placed.slice(0, batchSize) };
}

/** True for the first caller in a period: an order is re-driven at most once per ORDER_STUCK_AFTER_SECONDS. */
const claimRedrive = (orderId: string): Promise<boolean> =>
  withRedis(async (client) => (await client.set(cacheKeys.redriven(orderId), '1', { condition: 'NX', expiration: { type: 'EX', value: config().ORDER_STUCK_AFTER_SECONDS } })) === 'OK');

/**
 * Finds orders that sit in `accepted`, `reserved` or `paid` longer than ORDER_STUCK_AFTER_SECONDS
 * after their last change, counts them (gauge `brisk_orders_stuck`), and re-drives each by publishing
 * its order.placed again with its original id (the order id): the order processor is idempotent and
 * resumes the order where it stands. Answers how many it re-drove.
 */
export async function redriveStuckOrders(): Promise<number> {
  const before = new Date(Date.now() - config().ORDER_STUCK_AFTER_SECONDS * 1000);
  const [written, unwritten] = await Promise.all([stuckInDatabase(before), stuckBeforeReservation(before)]);
  recordStuckOrders({ accepted: unwritten.count, ...written.counts } satisfies Record<StuckStatus, number>);
  let redriven = 0;
  for (const placed of [...unwritten.placed, ...written.placed]) {
    if (!(await claimRedrive(placed.orderId))) continue;
    await publishConfirmed('brisk.orders.order.placed', placed, { id: placed.orderId, subject: placed.orderId });
    logger().warn({ orderId: placed.orderId }, 'stuck order re-driven');
    redriven++;
  }
  return redriven;
}
