import type { TransactionSql } from 'postgres';
import { primary } from '../../shared/db';
import { recordWritePosition } from '../../shared/domain/read-your-writes';
import { type EventData, firstDelivery, recordFact } from '../../shared/events';
import { transaction } from '../../shared/tracing';
import { consumer, itemIds, lockOrder, type OrderState, orderState, stockChange, writeOrder } from './order-rows';

type Placed = EventData<'brisk.orders.order.placed'>;

interface StockRow {
  id: string;
  price: number;
  currency: string;
  stock: number;
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
  const written = writeOrder(tx, { id: placed.orderId, customerId: placed.customerId, status: 'rejected', reason }, placed.items);
  await Promise.all([written, recordFact(tx, 'brisk.orders.order.rejected', { orderId: placed.orderId, customerId: placed.customerId, status: 'rejected', reason }, placed.orderId)]);
  return { id: placed.orderId, customerId: placed.customerId, status: 'rejected', total: null, currency: null, items: placed.items };
}

/**
 * Step one, in one transaction of four round trips (begin, the reads, the writes, commit): lock the products in id order (so concurrent orders cannot deadlock
 * or oversell), check and take the stock, write the order and its items at today's prices. A
 * redelivered event finds the order already written and returns it as it stands.
 */
export function reserve(placed: Placed, eventId: string): Promise<OrderState> {
  return recordWritePosition([['order', placed.orderId]], () => reserveIn(placed, eventId));
}

/** reserve() inside the caller's recordWritePosition (the order processor marks the order once per delivery). */
export function reserveIn(placed: Placed, eventId: string): Promise<OrderState> {
  return transaction(primary(), 'reserve', async (tx) => {
    // Sent together, one write and one round trip (postgres.js pipelines what is asked in the same
    // tick); the server still runs them in this order, so the order is locked before it is read.
    const [, existing, first, rows] = await Promise.all([
      lockOrder(tx, placed.orderId),
      orderState(tx, placed.orderId),
      firstDelivery(tx, consumer, eventId),
      tx<StockRow[]>`SELECT id, price, currency, stock FROM products WHERE id = ANY(${itemIds(placed.items)}::uuid[]) ORDER BY id FOR UPDATE`,
    ]);
    if (existing || !first) return existing ?? (await orderState(tx, placed.orderId))!;

    const products = new Map(rows.map((row) => [row.id, row]));
    const reason = whyNot(placed, products);
    if (reason) return reject(tx, placed, reason);

    const total = placed.items.reduce((sum, item) => sum + products.get(item.productId)!.price * item.quantity, 0);
    const currency = rows[0]!.currency;
    // Two statements whatever the number of items: the order with its items, then all the stock taken
    // (rows already locked above, in id order).
    const unitPrices = placed.items.map((item) => products.get(item.productId)!.price);
    const written = writeOrder(tx, { id: placed.orderId, customerId: placed.customerId, status: 'reserved', total, currency }, placed.items, unitPrices);
    await Promise.all([written, stockChange(tx, placed.items, -1)]);
    return { id: placed.orderId, customerId: placed.customerId, status: 'reserved', total, currency, items: placed.items };
  });
}


