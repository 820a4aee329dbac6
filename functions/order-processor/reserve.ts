import type { TransactionSql } from 'postgres';
import { arrayLiteral, primary } from '../../shared/db';
import { writeThrough } from '../../shared/db/read-your-writes';
import { acceptedAt } from '../../shared/domain/accepted';
import type { OrderStatus } from '../../shared/domain/orders';
import { type EventData, firstDelivery, recordFact } from '../../shared/events';

export const consumer = 'order-processor';

type Placed = EventData<'brisk.orders.order.placed'>;

export interface OrderState {
  id: string;
  customerId: string;
  status: OrderStatus;
  total: number | null;
  currency: string | null;
  items: { productId: string; quantity: number }[];
}

interface StockRow {
  id: string;
  price: number;
  currency: string;
  stock: number;
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

function whyNot(placed: Placed, products: Map<string, StockRow>): string | undefined {
  for (const item of placed.items) {
    const product = products.get(item.productId);
    if (!product) return `unknown product ${item.productId}`;
    if (product.stock < item.quantity) return `not enough stock for ${item.productId}`;
  }
  if (new Set([...products.values()].map((product) => product.currency)).size > 1) return 'products in more than one currency';
  return undefined;
}

async function reject(tx: TransactionSql, placed: Placed, reason: string): Promise<OrderState> {
  await tx`INSERT INTO orders (id, customer_id, status, reason, created_at) VALUES (${placed.orderId}, ${placed.customerId}, 'rejected', ${reason}, ${acceptedAt(placed.orderId)})`;
  for (const item of placed.items) {
    await tx`INSERT INTO order_items (order_id, product_id, quantity) VALUES (${placed.orderId}, ${item.productId}, ${item.quantity})`;
  }
  await recordFact(tx, 'brisk.orders.order.rejected', { orderId: placed.orderId, customerId: placed.customerId, status: 'rejected', reason }, placed.orderId);
  return { id: placed.orderId, customerId: placed.customerId, status: 'rejected', total: null, currency: null, items: placed.items };
}

/**
 * Step one, in one transaction: lock the products in id order (so concurrent orders cannot deadlock
 * or oversell), check and take the stock, write the order and its items at today's prices. A
 * redelivered event finds the order already written and returns it as it stands.
 */
export function reserve(placed: Placed, eventId: string): Promise<OrderState> {
  return writeThrough([['order', placed.orderId]], () => primary().begin(async (tx) => {
    await lockOrder(tx, placed.orderId);
    const existing = await orderState(tx, placed.orderId);
    const first = await firstDelivery(tx, consumer, eventId);
    if (existing || !first) return existing ?? (await orderState(tx, placed.orderId))!;

    const ids = arrayLiteral(placed.items.map((item) => item.productId));
    const rows = await tx<StockRow[]>`SELECT id, price, currency, stock FROM products WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
    const products = new Map(rows.map((row) => [row.id, row]));
    const reason = whyNot(placed, products);
    if (reason) return reject(tx, placed, reason);

    const total = placed.items.reduce((sum, item) => sum + products.get(item.productId)!.price * item.quantity, 0);
    const currency = rows[0]!.currency;
    await tx`INSERT INTO orders (id, customer_id, status, total, currency, created_at) VALUES (${placed.orderId}, ${placed.customerId}, 'reserved', ${total}, ${currency}, ${acceptedAt(placed.orderId)})`;
    for (const item of placed.items) {
      await tx`UPDATE products SET stock = stock - ${item.quantity}, updated_at = date_trunc('milliseconds', now()) WHERE id = ${item.productId}`;
      await tx`INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (${placed.orderId}, ${item.productId}, ${item.quantity}, ${products.get(item.productId)!.price})`;
    }
    return { id: placed.orderId, customerId: placed.customerId, status: 'reserved', total, currency, items: placed.items };
  }));
}


