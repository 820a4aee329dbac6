// What the order processor's steps share of an order: its lock, its state, and its products' stock;
// the steps themselves are reserve.ts (the SQL function reserve_order), process.ts and cancel.ts.
import type { ISql, TransactionSql } from 'postgres';
import { arrayLiteral } from '../../shared/db';
import type { OrderStatus } from '../../shared/domain/orders';

/** The consumer name its inbox rows are recorded under. */
export const consumer = 'order-processor';

export interface OrderState {
  id: string;
  customerId: string;
  status: OrderStatus;
  total: number | null;
  currency: string | null;
  items: { productId: string; quantity: number }[];
}

/** The product ids of items, as the array literal a `::uuid[]` parameter takes. */
export const itemIds = (items: OrderState['items']) => arrayLiteral(items.map((item) => item.productId));

/**
 * Serializes everything done to one order (placement, cancellation) for the rest of the transaction,
 * also before its row exists, so a cancel racing a placement waits instead of colliding with it.
 */
export async function lockOrder(tx: TransactionSql, orderId: string): Promise<void> {
  await tx`SELECT pg_advisory_xact_lock(hashtextextended(${orderId}, 0))`;
}

export async function orderState(tx: TransactionSql, orderId: string): Promise<OrderState | undefined> {
  const [row] = await tx<OrderState[]>`
    SELECT o.id, o.customer_id AS "customerId", o.status, o.total::float8 AS total, o.currency,
      coalesce((SELECT json_agg(json_build_object('productId', i.product_id, 'quantity', i.quantity)) FROM order_items i WHERE i.order_id = o.id), '[]') AS items
    FROM orders o WHERE o.id = ${orderId} FOR UPDATE`;
  return row;
}

/**
 * The UPDATE adding `sign` × each item's quantity to its product's stock (quantities of a product
 * named twice summed first: an UPDATE changes a row once), with `condition` (`AND …`) if given. It
 * takes the stock rows' locks in id order, so concurrent orders cannot deadlock.
 */
export function stockChange(sql: ISql, items: OrderState['items'], sign: 1 | -1, condition = sql``) {
  const byProduct = new Map<string, number>();
  for (const item of items) byProduct.set(item.productId, (byProduct.get(item.productId) ?? 0) + item.quantity);
  const ids = [...byProduct.keys()].sort();
  return sql`
    UPDATE product_stock s SET stock = s.stock + ${sign} * change.quantity, updated_at = DEFAULT
    FROM (SELECT product_id FROM product_stock WHERE product_id = ANY(${arrayLiteral(ids)}::uuid[]) ORDER BY product_id FOR UPDATE) locked,
      unnest(${arrayLiteral(ids)}::uuid[], ${arrayLiteral(ids.map((id) => String(byProduct.get(id)!)))}::int[]) AS change(id, quantity)
    WHERE s.product_id = locked.product_id AND s.product_id = change.id ${condition}`;
}
