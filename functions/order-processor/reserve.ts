import type { ISql } from 'postgres';
import { newId } from '../../shared/process/new-id';
import { arrayLiteral, primary } from '../../shared/db';
import { acceptedAt } from '../../shared/domain/accepted';
import { recordWritePosition } from '../../shared/domain/read-your-writes';
import type { EventData } from '../../shared/events';
import { activeTraceparent, statement } from '../../shared/tracing';
import { itemIds, type OrderState } from './order-rows';

type Placed = EventData<'brisk.orders.order.placed'>;

type Reserved = Pick<OrderState, 'status' | 'total' | 'currency'> & { items: OrderState['items'] | null };

/**
 * The call of reserve_order (shared/db/migrations/007.do.reserve-order-by-order-id.sql): the
 * reservation in one statement, its own transaction. Its row: the order as it stood when written
 * already (items included), whatever event brought it again, else as this call wrote it, reserved or
 * rejected (items null: the placed ones).
 */
export const reserveOrder = (sql: ISql, placed: Placed) => sql<Reserved[]>`
  SELECT status, total::float8 AS total, currency, items FROM reserve_order(
    ${placed.orderId}, ${placed.customerId}, ${itemIds(placed.items)}::uuid[], ${arrayLiteral(placed.items.map((item) => String(item.quantity)))}::int[],
    ${acceptedAt(placed.orderId)}, ${newId()}, ${activeTraceparent() ?? null})`;

/**
 * Step one: lock the products' stock rows in id order (so concurrent orders cannot deadlock or oversell), check
 * and take the stock, write the order and its items at today's prices; or write it rejected, with the
 * reason and its fact. A redelivered event finds the order already written and returns it as it stands.
 */
export function reserve(placed: Placed): Promise<OrderState> {
  return recordWritePosition(['order', placed.orderId], () => reserveIn(placed));
}

/** reserve() inside the caller's recordWritePosition (the order processor marks the order once per delivery). */
export async function reserveIn(placed: Placed): Promise<OrderState> {
  const sql = primary();
  const [row] = await statement(sql, 'reserve', () => reserveOrder(sql, placed));
  if (!row) throw new Error(`order ${placed.orderId}: reserve_order answered no row`);
  return { id: placed.orderId, customerId: placed.customerId, status: row.status, total: row.total, currency: row.currency, items: row.items ?? placed.items };
}
