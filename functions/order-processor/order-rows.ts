// What every step of the order processor reads and writes of an order: its lock, its state, and its
// products' stock; the steps themselves are reserve.ts, process.ts and cancel.ts.
import type { ISql, TransactionSql } from 'postgres';
import { arrayLiteral } from '../../shared/db';
import { acceptedAt } from '../../shared/domain/accepted';
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

/** An order's row as it is first written: reserved with its total, or rejected or cancelled with a reason. */
export interface NewOrder {
  id: string;
  customerId: string;
  status: 'reserved' | 'rejected' | 'cancelled';
  reason?: string;
  total?: number;
  currency?: string;
}

/** The product ids of items, as the array literal a `::uuid[]` parameter takes. */
export const itemIds = (items: OrderState['items']) => arrayLiteral(items.map((item) => item.productId));

/**
 * Writes an order's row, created when it was accepted, with its items (at `unitPrices`, in their order;
 * none for an order never reserved) in one statement.
 */
export function writeOrder(sql: ISql, order: NewOrder, items: OrderState['items'], unitPrices: number[] = []) {
  return sql`
    WITH written AS (
      INSERT INTO orders (id, customer_id, status, reason, total, currency, created_at)
      VALUES (${order.id}, ${order.customerId}, ${order.status}, ${order.reason ?? null}, ${order.total ?? null}, ${order.currency ?? null}, ${acceptedAt(order.id)})
      RETURNING id
    )
    INSERT INTO order_items (order_id, product_id, quantity, unit_price)
    SELECT written.id, item.product_id, item.quantity, item.unit_price
    FROM written, unnest(
      ${itemIds(items)}::uuid[],
      ${arrayLiteral(items.map((item) => String(item.quantity)))}::int[],
      ${arrayLiteral(unitPrices.map(String))}::int[]
    ) AS item(product_id, quantity, unit_price)`;
}

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
 * takes the products' locks in id order, so concurrent orders cannot deadlock.
 */
export function stockChange(sql: ISql, items: OrderState['items'], sign: 1 | -1, condition = sql``) {
  const byProduct = new Map<string, number>();
  for (const item of items) byProduct.set(item.productId, (byProduct.get(item.productId) ?? 0) + item.quantity);
  const ids = [...byProduct.keys()].sort();
  return sql`
    UPDATE products p SET stock = p.stock + ${sign} * change.quantity, updated_at = DEFAULT
    FROM (SELECT id FROM products WHERE id = ANY(${arrayLiteral(ids)}::uuid[]) ORDER BY id FOR UPDATE) locked,
      unnest(${arrayLiteral(ids)}::uuid[], ${arrayLiteral(ids.map((id) => String(byProduct.get(id)!)))}::int[]) AS change(id, quantity)
    WHERE p.id = locked.id AND p.id = change.id ${condition}`;
}
